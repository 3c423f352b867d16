package org.trawl.plan.emit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.trawl.core.MediaItem;
import org.trawl.plan.PathSanitizer;
import org.trawl.plan.PlannedItem;

/**
 * The columns of an emitted plan: trawl's own, always first and in this order, then the source's metadata
 * fields (first seen first). {@code trawl urls} knows a plan by its first columns and reads it back as the same
 * dataset (see {@link #isPlan}).
 *
 * <p>{@code path} is the item's place under its subset folder, without extension ({@code label/stem}, or the
 * source's own layout): with {@code subset} it gives the file, and a re-run with another --split moves it.
 */
public final class PlanColumns {
    public static final List<PlanColumn> FIXED = List.of(
            string("url"),
            string("label"),
            string("subset"),
            string("path"),
            string("basename"),
            new PlanColumn("shard", PlanColumn.Type.INT),
            string("stream"),
            string("source"),
            string("source_id"),
            string("license"),
            string("rights_holder"));

    private static final List<String> FIXED_NAMES =
            FIXED.stream().map(PlanColumn::name).toList();
    private static final Set<String> FIXED_SET = Set.copyOf(FIXED_NAMES);

    private final List<PlanColumn> columns;
    private final List<String> fields;

    private PlanColumns(List<String> fields) {
        this.fields = fields;
        List<PlanColumn> all = new ArrayList<>(FIXED);
        fields.forEach(f -> all.add(string(f)));
        this.columns = List.copyOf(all);
    }

    /** The plan's columns for items with these field names; a field named like a fixed column is left out. */
    public static PlanColumns withFields(Collection<String> fieldNames) {
        return new PlanColumns(
                fieldNames.stream().filter(f -> !FIXED_SET.contains(f)).collect(Collectors.toUnmodifiableList()));
    }

    public List<PlanColumn> columns() {
        return columns;
    }

    /** Whether a table with these first columns (a header, a first object's keys) is a plan trawl wrote. */
    public static boolean isPlan(List<String> names) {
        return names.size() >= FIXED_NAMES.size()
                && names.subList(0, FIXED_NAMES.size()).equals(FIXED_NAMES);
    }

    /** Whether name is one of the fixed columns (not a metadata field). */
    public static boolean isFixed(String name) {
        return FIXED_SET.contains(name);
    }

    /**
     * One row, a value per column (String, Integer or null).
     *
     * @param shard  the shard that owns the item under the run's --shard count (0 unsharded)
     * @param stream the balanced stream the item came from, or null
     */
    public Object[] row(PlannedItem p, int shard, String stream) {
        MediaItem m = p.item();
        Object[] v = new Object[columns.size()];
        v[0] = m.url();
        v[1] = p.label();
        v[2] = p.subset();
        v[3] = pathUnderSubset(p);
        v[4] = p.stem();
        v[5] = shard;
        v[6] = stream;
        v[7] = m.source();
        v[8] = m.sourceId();
        v[9] = m.license();
        v[10] = m.rightsHolder();
        Map<String, String> f = m.fields();
        for (int i = 0; i < fields.size(); i++) {
            v[FIXED.size() + i] = f.get(fields.get(i));
        }
        return v;
    }

    /** The key without the subset folder the planner put first (the same folder name it made). */
    static String pathUnderSubset(PlannedItem p) {
        if (p.subset() == null) {
            return p.key();
        }
        String folder = PathSanitizer.topSegment(p.subset()) + "/";
        return p.key().startsWith(folder) ? p.key().substring(folder.length()) : p.key();
    }

    private static PlanColumn string(String name) {
        return new PlanColumn(name, PlanColumn.Type.STRING);
    }
}
