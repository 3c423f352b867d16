package org.trawl.sink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.trawl.checkpoint.ItemRecord;
import org.trawl.checkpoint.MergedState;
import org.trawl.core.CloseableIterator;
import org.trawl.plan.PathSanitizer;
import org.trawl.plan.PlanFile;
import org.trawl.plan.PlannedItem;
import org.trawl.source.DatasetSink;

/**
 * Feeds the sinks once the download is over: the whole plan (every shard's items, so whichever
 * process finishes last writes complete files), joined with the finished records of every
 * checkpoint in OUT, under the same lock as metadata.csv.
 */
public final class SinkPass {
    private SinkPass() {}

    /** @return the boxes a center-crop left off their image, by the sink that counted the most (each export sees the same) */
    public static long run(Path out, PlanFile plan, List<DatasetSink> sinks) {
        if (sinks.isEmpty()) {
            return 0;
        }
        return DatasetTables.underLock(out, () -> {
            Map<String, ItemRecord> done = new HashMap<>();
            MergedState.forEach(out, r -> done.put(r.key(), r), r -> {});
            long unnamed = 0;
            String reason = null;
            try (CloseableIterator<PlannedItem> it = plan.whole()) {
                while (it.hasNext()) {
                    PlannedItem p = it.next();
                    if (org.trawl.checkpoint.StateLayout.isIntermediate(p.key())) {
                        continue;
                    }
                    ItemRecord r = done.get(p.key());
                    // a file an earlier run named under a UTF-8 locale has no name under this one (LC_ALL=C):
                    // that item is left out, the others are written
                    String unwritable = r == null || r.path() == null ? null : PathSanitizer.unwritable(r.path());
                    if (unwritable != null) {
                        unnamed++;
                        reason = unwritable;
                        continue;
                    }
                    for (DatasetSink sink : sinks) {
                        sink.accept(p, r);
                    }
                }
            } finally {
                closeAll(sinks);
            }
            if (unnamed > 0) {
                System.err.println(
                        "trawl: " + unnamed + " item(s) left out of the exports and the source's files: " + reason);
            }
            return sinks.stream().mapToLong(DatasetSink::boxesOutsideCrop).max().orElse(0);
        });
    }

    private static void closeAll(List<DatasetSink> sinks) throws IOException {
        IOException first = null;
        for (DatasetSink s : sinks) {
            try {
                s.close();
            } catch (IOException | UncheckedIOException e) {
                IOException io = e instanceof IOException x ? x : ((UncheckedIOException) e).getCause();
                if (first == null) {
                    first = io;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
