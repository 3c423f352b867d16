package org.trawl.sink;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.trawl.checkpoint.ItemRecord;
import org.trawl.internal.Csv;
import org.trawl.plan.PlannedItem;
import org.trawl.source.DatasetSink;

/**
 * {@code --folds K} (gbifxdl's post-processing), rebuilt from the checkpoint after every run so re-runs
 * stay consistent: balanced fold ids 0..K-1 within each label (a seeded shuffle, then round robin), and
 * test_ood for labels with at most {@code oodThreshold} images, in OUT/folds.csv (path,label,set). Only
 * items in the dataset are listed: an item dropped as a duplicate never reaches a sink.
 */
public final class FoldsSink implements DatasetSink {
    public static final String FILE = "folds.csv";
    private final Path out;
    private final int folds;
    private final int oodThreshold;
    private final long seed;
    /** label -> paths of its images in plan order. */
    private final Map<String, List<String>> byLabel = new LinkedHashMap<>();

    public FoldsSink(Path out, int folds, int oodThreshold, long seed) {
        this.out = out;
        this.folds = folds;
        this.oodThreshold = oodThreshold;
        this.seed = seed;
    }

    @Override
    public void accept(PlannedItem item, ItemRecord record) {
        if (record == null || !record.done() || record.path() == null) {
            return;
        }
        String label = item.label() == null ? "" : item.label();
        byLabel.computeIfAbsent(label, k -> new ArrayList<>()).add(record.path());
    }

    @Override
    public void close() throws IOException {
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : byLabel.entrySet()) {
            List<String> paths = e.getValue();
            if (paths.size() <= oodThreshold) {
                for (String p : paths) {
                    rows.add(List.of(p, e.getKey(), "test_ood"));
                }
                continue;
            }
            // a seeded shuffle per label, then round robin: fold sizes differ by at most one
            List<String> shuffled = new ArrayList<>(paths);
            SplittableRandom rnd = new SplittableRandom(seed ^ labelHash(e.getKey()));
            for (int i = shuffled.size() - 1; i > 0; i--) {
                Collections.swap(shuffled, i, rnd.nextInt(i + 1));
            }
            Map<String, String> fold = new HashMap<>();
            for (int i = 0; i < shuffled.size(); i++) {
                fold.put(shuffled.get(i), Integer.toString(i % folds));
            }
            for (String p : paths) {
                rows.add(List.of(p, e.getKey(), fold.get(p)));
            }
        }
        Path target = out.resolve(FILE);
        Path tmp = out.resolve("." + FILE + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write(Csv.row(List.of("path", "label", "set")));
            for (List<String> r : rows) {
                w.write(Csv.row(r));
            }
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** FNV-1a then a murmur finaliser: the hash folds.csv has always been seeded with, so a dataset keeps its folds. */
    private static long labelHash(String label) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < label.length(); i++) {
            h ^= label.charAt(i);
            h *= 0x100000001b3L;
        }
        h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
        h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }
}
