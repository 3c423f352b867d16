package org.trawl.source.gbif.dwca;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.trawl.checkpoint.ItemRecord;
import org.trawl.internal.Csv;
import org.trawl.plan.PlannedItem;
import org.trawl.sink.DatasetSink;

/**
 * gbifxdl's post-processing, rebuilt from the checkpoint after every run (so re-runs stay consistent):
 *
 * <ul>
 * <li>--dedup: images with the same sha256 under one label keep the first in plan order; the others are
 * listed in duplicates.csv and left out of folds.csv. gbifxdl dropped every copy, the kept one too.
 * Copies that span labels are listed (the same picture filed under two names needs a human), and kept.
 * Files are not deleted: the checkpoint counts them as done, and a deleted file would be fetched again.
 * <li>--folds K: balanced fold ids 0..K-1 within each label (a seeded shuffle, then round robin), and
 * test_ood for labels with at most --ood-threshold images, in folds.csv (path,label,set).
 * </ul>
 */
public final class PostprocessSink implements DatasetSink {
    private final Path out;
    private final boolean dedup;
    private final Integer folds;
    private final int oodThreshold;
    private final long seed;
    /** label -> done images in plan order: {path, sha256}. */
    private final Map<String, List<String[]>> byLabel = new LinkedHashMap<>();

    public PostprocessSink(Path out, boolean dedup, Integer folds, int oodThreshold, long seed) {
        this.out = out;
        this.dedup = dedup;
        this.folds = folds;
        this.oodThreshold = oodThreshold;
        this.seed = seed;
    }

    @Override
    public void accept(PlannedItem item, ItemRecord record) {
        if (record == null || record.path() == null) {
            return;
        }
        String label = item.label() == null ? "" : item.label();
        byLabel.computeIfAbsent(label, k -> new ArrayList<>()).add(new String[] {record.path(), record.sha256()});
    }

    @Override
    public void close() throws IOException {
        Set<String> dropped = new java.util.HashSet<>();
        if (dedup) {
            dropped = writeDuplicates();
        }
        if (folds != null) {
            writeFolds(dropped);
        }
    }

    private Set<String> writeDuplicates() throws IOException {
        Map<String, Set<String>> labelsOfHash = new HashMap<>();
        Map<String, String> firstInLabel = new HashMap<>(); // label + sha -> kept path
        for (Map.Entry<String, List<String[]>> e : byLabel.entrySet()) {
            for (String[] img : e.getValue()) {
                if (img[1] != null) {
                    labelsOfHash.computeIfAbsent(img[1], k -> new LinkedHashSet<>()).add(e.getKey());
                }
            }
        }
        Set<String> dropped = new java.util.HashSet<>();
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, List<String[]>> e : byLabel.entrySet()) {
            for (String[] img : e.getValue()) {
                if (img[1] == null) {
                    continue;
                }
                String kept = firstInLabel.putIfAbsent(e.getKey() + "\n" + img[1], img[0]);
                Set<String> labels = labelsOfHash.get(img[1]);
                if (kept != null) {
                    dropped.add(img[0]);
                    rows.add(List.of(img[1], img[0], e.getKey(), "duplicate_in_label", kept));
                } else if (labels.size() > 1) {
                    rows.add(List.of(img[1], img[0], e.getKey(), "spans_labels", String.join("|", labels)));
                }
            }
        }
        write("duplicates.csv", List.of("sha256", "path", "label", "kind", "kept_or_labels"), rows);
        return dropped;
    }

    private void writeFolds(Set<String> dropped) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, List<String[]>> e : byLabel.entrySet()) {
            List<String> paths = new ArrayList<>();
            for (String[] img : e.getValue()) {
                if (!dropped.contains(img[0])) {
                    paths.add(img[0]);
                }
            }
            if (paths.size() <= oodThreshold) {
                for (String p : paths) {
                    rows.add(List.of(p, e.getKey(), "test_ood"));
                }
                continue;
            }
            // a seeded shuffle per label, then round robin: fold sizes differ by at most one
            List<String> shuffled = new ArrayList<>(paths);
            SplittableRandom rnd = new SplittableRandom(seed ^ CoreIndex.hash64(e.getKey()));
            for (int i = shuffled.size() - 1; i > 0; i--) {
                java.util.Collections.swap(shuffled, i, rnd.nextInt(i + 1));
            }
            Map<String, String> fold = new HashMap<>();
            for (int i = 0; i < shuffled.size(); i++) {
                fold.put(shuffled.get(i), Integer.toString(i % folds));
            }
            for (String p : paths) {
                rows.add(List.of(p, e.getKey(), fold.get(p)));
            }
        }
        write("folds.csv", List.of("path", "label", "set"), rows);
    }

    private void write(String name, List<String> header, List<List<String>> rows) throws IOException {
        Path target = out.resolve(name);
        Path tmp = out.resolve(name + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write(Csv.row(header));
            for (List<String> r : rows) {
                w.write(Csv.row(r));
            }
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
