package org.trawl.sink;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.trawl.checkpoint.CheckpointStore;
import org.trawl.checkpoint.ItemRecord;
import org.trawl.checkpoint.MergedState;
import org.trawl.core.CloseableIterator;
import org.trawl.internal.Csv;
import org.trawl.plan.PathSanitizer;
import org.trawl.plan.PlanFile;
import org.trawl.plan.PlannedItem;
import org.trawl.source.SharedMedia;

/**
 * {@code --dedup}, after the download: exact copies (same sha256) under one label keep the first in
 * plan order; the others are recorded {@code dropped} with reason {@code duplicate_of:<kept path>} and
 * their files deleted (with any folder left empty). Copies that span labels are kept and reported: the
 * same picture filed under two names needs a human. Both kinds are listed in OUT/duplicates.csv, with a
 * third the source reports before any download, with or without --dedup: {@code shared_across_labels},
 * an image the source offered under several labels ({@link SharedMedia}; its {@code label} column holds
 * the labels the dataset files it under, none when it was left out, and {@code kept_or_labels} every
 * label it was offered under).
 *
 * <p>Order matters for kill -9: the drop is in the checkpoint (journal, then snapshot) before the
 * file goes, so a crash leaves at worst a dropped item whose file still exists. Every run sweeps such
 * leftovers, with or without --dedup, because the checkpoint already says they are not in the dataset.
 * A kept copy is never deleted: its record says done.
 */
public final class DuplicatePass {
    public static final String FILE = "duplicates.csv";
    public static final List<String> COLUMNS = List.of("sha256", "path", "label", "kind", "kept_or_labels", "url");
    public static final String SHARED_ACROSS_LABELS = "shared_across_labels";

    private DuplicatePass() {}

    /**
     * @param droppedNow items this run dropped
     * @param dropped    items dropped in total (this run and earlier ones)
     * @param swept      files of earlier drops that were still on disk (a crash between record and delete)
     */
    public record Result(long droppedNow, long dropped, long swept) {
        public static final Result NONE = new Result(0, 0, 0);
    }

    /**
     * Runs under the tables lock, after this process's checkpoint is closed (so no compaction races
     * the read); appends its drops through a reopened store of its own.
     *
     * @param dedup false: only sweep the files of earlier drops that a crash left behind (the caller
     *              skips the pass when the checkpoint it loaded holds no drop: then there is nothing to do)
     */
    public static Result run(Path out, PlanFile plan, Path ownStore, boolean fsync, boolean dedup) {
        return run(out, plan, ownStore, fsync, dedup, List.of());
    }

    /** As {@link #run(Path, PlanFile, Path, boolean, boolean)}, listing the source's shared images too. */
    public static Result run(
            Path out, PlanFile plan, Path ownStore, boolean fsync, boolean dedup, List<SharedMedia> shared) {
        return DatasetTables.underLock(out, () -> {
            if (dedup) {
                return dedup(out, plan, ownStore, fsync, shared);
            }
            Result r = sweepOnly(out);
            if (!shared.isEmpty()) {
                replaceShared(out, shared);
            }
            return r;
        });
    }

    /**
     * Lists the source's shared images in duplicates.csv without a duplicate pass: the rows an earlier
     * --dedup wrote stay, the shared_across_labels rows become these.
     */
    public static void listShared(Path out, List<SharedMedia> shared) {
        DatasetTables.underLock(out, () -> {
            replaceShared(out, shared);
            return null;
        });
    }

    private static void replaceShared(Path out, List<SharedMedia> shared) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        Path file = out.resolve(FILE);
        if (Files.exists(file)) {
            try (Csv.Reader r = new Csv.Reader(Files.newBufferedReader(file, StandardCharsets.UTF_8), ',')) {
                r.next(); // header (a file from before the url column has five)
                for (List<String> row = r.next(); row != null; row = r.next()) {
                    if (row.size() >= 4 && !row.get(3).equals(SHARED_ACROSS_LABELS)) {
                        List<String> padded = new ArrayList<>(row);
                        while (padded.size() < COLUMNS.size()) {
                            padded.add("");
                        }
                        rows.add(padded);
                    }
                }
            }
        }
        rows.addAll(sharedRows(shared));
        writeCsv(out, rows);
    }

    private static List<List<String>> sharedRows(List<SharedMedia> shared) {
        List<List<String>> rows = new ArrayList<>(shared.size());
        for (SharedMedia m : shared) {
            rows.add(List.of(
                    "",
                    "",
                    String.join("|", m.keptUnder()),
                    SHARED_ACROSS_LABELS,
                    String.join("|", m.labels()),
                    m.url()));
        }
        return rows;
    }

    private static Result sweepOnly(Path out) throws IOException {
        List<ItemRecord> drops = new ArrayList<>();
        Set<String> dropPaths = new HashSet<>();
        Set<String> donePaths = new HashSet<>();
        MergedState.forEach(
                out,
                r -> {
                    if (r.path() != null) {
                        donePaths.add(r.path());
                    }
                },
                r -> {
                    drops.add(r);
                    dropPaths.add(r.path());
                },
                r -> {});
        donePaths.retainAll(dropPaths); // paths an item still in the dataset uses: never deleted
        Set<String> claimed = donePaths;
        return new Result(0, drops.size(), deleteFiles(out, drops, claimed));
    }

    private static Result dedup(Path out, PlanFile plan, Path ownStore, boolean fsync, List<SharedMedia> shared)
            throws IOException {
        Map<String, ItemRecord> done = new HashMap<>();
        Map<String, ItemRecord> dropped = new HashMap<>();
        MergedState.forEach(out, r -> done.put(r.key(), r), r -> dropped.put(r.key(), r), r -> {});
        Copies copies = findCopies(plan, done, dropped);
        List<List<String>> rows = new ArrayList<>(copies.csvRows());
        rows.addAll(sharedRows(shared));
        List<ItemRecord> newDrops = copies.newDrops;

        record(ownStore, fsync, newDrops); // first the record, then the delete: see the class comment
        Set<String> dropPaths = new HashSet<>();
        Set<String> newKeys = new HashSet<>();
        dropped.values().forEach(d -> dropPaths.add(d.path()));
        newDrops.forEach(d -> {
            dropPaths.add(d.path());
            newKeys.add(d.key());
        });
        Set<String> claimed = claimedAmong(done.values(), dropPaths, newKeys);
        long swept = deleteFiles(out, dropped.values(), claimed);
        deleteFiles(out, newDrops, claimed);
        writeCsv(out, rows);
        return new Result(newDrops.size(), dropped.size() + newDrops.size(), swept);
    }

    /** Walks the whole plan in order: the first done copy of each content per label is kept, later ones drop. */
    private static Copies findCopies(PlanFile plan, Map<String, ItemRecord> done, Map<String, ItemRecord> dropped) {
        Copies copies = new Copies();
        // the whole plan (every shard's items), so the first copy in plan order is the same for every process
        try (CloseableIterator<PlannedItem> it = plan.whole()) {
            while (it.hasNext()) {
                PlannedItem p = it.next();
                String label = p.label() == null ? "" : p.label();
                ItemRecord d = dropped.get(p.key());
                if (d != null) {
                    copies.earlierDrop(d, label);
                    continue;
                }
                ItemRecord r = done.get(p.key());
                if (r != null && r.sha256() != null && r.path() != null) {
                    copies.done(r, label);
                }
            }
        }
        return copies;
    }

    /** What the walk over the plan found, and the rows of duplicates.csv it makes. */
    private static final class Copies {
        private record EarlierDrop(ItemRecord record, String label, int row) {}

        private final Map<String, String> keptOf = new HashMap<>(); // label + sha256 -> the kept copy's path
        private final Map<String, Set<String>> labelsOf = new HashMap<>(); // sha256 -> labels with a kept copy
        private final List<String[]> kept = new ArrayList<>(); // {sha256, path, label, url} in plan order
        private final List<List<String>> rows = new ArrayList<>();
        final List<ItemRecord> newDrops = new ArrayList<>();
        private final List<EarlierDrop> earlierDrops = new ArrayList<>();

        void earlierDrop(ItemRecord d, String label) {
            earlierDrops.add(new EarlierDrop(d, label, rows.size()));
            rows.add(null); // its kept copy is known once the whole plan is read: filled in by csvRows
        }

        void done(ItemRecord r, String label) {
            String first = keptOf.putIfAbsent(label + "\n" + r.sha256(), r.path());
            if (first != null) {
                ItemRecord drop = r.asDuplicateOf(first);
                newDrops.add(drop);
                rows.add(duplicateRow(drop, label, first));
            } else {
                labelsOf.computeIfAbsent(r.sha256(), k -> new LinkedHashSet<>()).add(label);
                kept.add(new String[] {r.sha256(), r.path(), label, nz(r.url())});
            }
        }

        /** Once the whole plan is read: the duplicates in plan order, then the copies that span labels. */
        List<List<String>> csvRows() {
            // an earlier drop names the copy kept today (the one it named may since have failed and been
            // replaced by a copy earlier in plan order); its own record keeps the name it was dropped for
            for (EarlierDrop e : earlierDrops) {
                ItemRecord d = e.record();
                String now = d.sha256() == null ? null : keptOf.get(e.label() + "\n" + d.sha256());
                rows.set(e.row(), duplicateRow(d, e.label(), now != null ? now : keptPathOf(d)));
            }
            for (String[] k : kept) {
                Set<String> labels = labelsOf.get(k[0]);
                if (labels.size() > 1) {
                    rows.add(List.of(k[0], k[1], k[2], "spans_labels", String.join("|", labels), k[3]));
                }
            }
            return rows;
        }
    }

    private static List<String> duplicateRow(ItemRecord drop, String label, String keptPath) {
        return List.of(nz(drop.sha256()), nz(drop.path()), label, "duplicate_in_label", nz(keptPath), nz(drop.url()));
    }

    private static String keptPathOf(ItemRecord drop) {
        String why = drop.reason();
        return why != null && why.startsWith(ItemRecord.DUPLICATE_OF)
                ? why.substring(ItemRecord.DUPLICATE_OF.length())
                : "";
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static void record(Path ownStore, boolean fsync, List<ItemRecord> drops) {
        if (drops.isEmpty()) {
            return;
        }
        try (CheckpointStore store = CheckpointStore.open(ownStore, fsync)) {
            List<CompletableFuture<Void>> written = new ArrayList<>(drops.size());
            drops.forEach(d -> written.add(store.append(d)));
            CompletableFuture.allOf(written.toArray(CompletableFuture[]::new)).join();
        } // close() folds the journal into a snapshot (fsync'd) before any file is deleted
    }

    /**
     * Paths among candidates that an item still in the dataset uses (never deleted, whatever a drop says):
     * the done records read before this run's drops were recorded, less the items those drops replaced.
     */
    private static Set<String> claimedAmong(
            java.util.Collection<ItemRecord> done, Set<String> candidates, Set<String> droppingNow) {
        Set<String> claimed = new HashSet<>();
        for (ItemRecord r : done) {
            if (r.path() != null && candidates.contains(r.path()) && !droppingNow.contains(r.key())) {
                claimed.add(r.path());
            }
        }
        return claimed;
    }

    /** Deletes the dropped items' files that are still there, then the folders that leaves empty. */
    private static long deleteFiles(Path out, java.util.Collection<ItemRecord> drops, Set<String> claimed)
            throws IOException {
        Path base = out.toAbsolutePath().normalize();
        long deleted = 0;
        for (ItemRecord d : drops) {
            if (d.path() == null || claimed.contains(d.path())) {
                continue;
            }
            Path file = PathSanitizer.inside(out, d.path());
            if (Files.deleteIfExists(file)) {
                deleted++;
                pruneEmptyParents(base, file.getParent());
            }
        }
        return deleted;
    }

    private static void pruneEmptyParents(Path base, Path dir) throws IOException {
        for (Path p = dir; p != null && p.startsWith(base) && !p.equals(base); p = p.getParent()) {
            try {
                Files.delete(p);
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                return;
            }
        }
    }

    private static void writeCsv(Path out, List<List<String>> rows) throws IOException {
        Path target = out.resolve(FILE);
        Path tmp = out.resolve("." + FILE + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write(Csv.row(COLUMNS));
            for (List<String> r : rows) {
                w.write(Csv.row(r));
            }
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
