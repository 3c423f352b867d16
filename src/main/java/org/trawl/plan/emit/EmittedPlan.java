package org.trawl.plan.emit;

import java.io.PrintStream;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.trawl.checkpoint.StateLayout;
import org.trawl.core.CloseableIterator;
import org.trawl.core.Shard;
import org.trawl.plan.PlannedItem;

/**
 * --emit-plan: the whole plan of a run (every shard's items, each with the shard that owns it), read from the
 * run's plan file and written to the user's target. A source's intermediate files (iiif's tiles) are not part
 * of the dataset and are left out; the items made from them are in.
 */
public final class EmittedPlan {
    private EmittedPlan() {}

    /**
     * Writes the plan and returns its row count.
     *
     * @param whole  the whole plan in plan order ({@code PlanFile.whole()}); closed here
     * @param fields the metadata field names the items carry, first seen first
     * @param shard  the run's --shard: its count decides each row's shard
     */
    public static long write(
            CloseableIterator<PlannedItem> whole,
            Collection<String> fields,
            Shard shard,
            EmitTarget target,
            PrintStream stdout) {
        PlanColumns columns = PlanColumns.withFields(fields);
        try (whole) {
            Iterator<Object[]> rows = new Iterator<>() {
                PlannedItem next;

                @Override
                public boolean hasNext() {
                    while (next == null && whole.hasNext()) {
                        PlannedItem p = whole.next();
                        if (!StateLayout.isIntermediate(p.key())) {
                            next = p;
                        }
                    }
                    return next != null;
                }

                @Override
                public Object[] next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    PlannedItem p = next;
                    next = null;
                    return columns.row(p, shard.indexOf(p.key()), null);
                }
            };
            return target.write(columns.columns(), rows, stdout);
        }
    }
}
