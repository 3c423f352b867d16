package org.trawl.card;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the card, the citation and the report say about a dataset, read in one pass over what is on disk
 * ({@code metadata.csv}, {@code failures.csv}, {@code duplicates.csv}), never from the run's memory: a
 * re-run into the same OUT or the last shard to finish sees every run's rows, so what it writes stays true.
 * Memory is bounded by the number of labels, licences and sources, not by the number of rows.
 */
public final class DatasetFacts {
    /** Rights holders kept per licence; past that only their number is known. */
    static final int HOLDERS_KEPT = 25;
    /** IIIF manifests and GBIF datasets kept for the citation. */
    static final int SOURCES_KEPT = 200;

    public long items;
    public long bytes;
    public final Counter labels = new Counter();
    public final Counter subsets = new Counter();
    /** subset, then label. */
    public final Map<String, Counter> perSubset = new TreeMap<>();

    public final Counter sources = new Counter();
    public final Map<String, Licence> licences = new HashMap<>();
    public final Counter licenceCounts = new Counter();
    /** Licence id to its rights holders and their file counts (at most {@link #HOLDERS_KEPT} kept). */
    public final Map<String, Counter> holders = new HashMap<>();
    /** The first path segment of every file: the folders the card's configs point at. */
    public final Set<String> topFolders = new TreeSet<>();
    /** IIIF manifest id to its label and required statement (attribution). */
    public final Map<String, String[]> manifests = new LinkedHashMap<>();
    /** GBIF dataset key to its file count and publisher. */
    public final Map<String, String> gbifDatasets = new LinkedHashMap<>();

    public final Counter gbifDatasetCounts = new Counter();
    public final List<Long> widths = new ArrayList<>();
    public final List<Long> heights = new ArrayList<>();
    public long failures;
    public final Counter failureReasons = new Counter();
    public long duplicates;
    public final Counter duplicateKinds = new Counter();
    /** Media the source's filters (--license, --media-type) left out: filtered.csv. */
    public long filtered;

    public final Counter filteredReasons = new Counter();
    /** The first few rows of filtered.csv (url, label, reason, value), for the report. */
    public final List<String[]> filteredExamples = new ArrayList<>();

    static final int FILTERED_EXAMPLES = 10;
    /**
     * Up to {@code samplesPerLabel} paths per label, drawn evenly from all of them (reservoir sampling): paths
     * only, so that 20,000 labels cost a few MB.
     */
    public final Map<String, List<String>> samples = new HashMap<>();

    private final Map<String, long[]> seenPerLabel = new HashMap<>();

    /** Widths and heights are kept for the report's histograms only up to this many (then sampled). */
    static final int SIZES_KEPT = 200_000;

    private long sizesSeen;

    public static DatasetFacts read(Path out, int samplesPerLabel) {
        DatasetFacts f = new DatasetFacts();
        Random random = new Random(7); // the same rows on every report of the same table
        f.items = Table.forEach(out.resolve("metadata.csv"), r -> f.add(r, samplesPerLabel, random));
        f.failures = Table.forEach(out.resolve("failures.csv"), r -> f.failureReasons.add(reasonOf(r.get("reason"))));
        f.duplicates = Table.forEach(out.resolve("duplicates.csv"), r -> f.duplicateKinds.add(r.get("kind")));
        f.filtered = Table.forEach(out.resolve("filtered.csv"), r -> {
            f.filteredReasons.add(r.get("reason"));
            if (f.filteredExamples.size() < FILTERED_EXAMPLES) {
                f.filteredExamples.add(new String[] {r.get("url"), r.get("label"), r.get("reason"), r.get("value")});
            }
        });
        return f;
    }

    private void add(Table.Row r, int samplesPerLabel, Random random) {
        String label = r.get("label");
        String subset = r.get("subset");
        labels.add(label);
        if (!subset.isEmpty()) {
            subsets.add(subset);
            perSubset.computeIfAbsent(subset, k -> new Counter()).add(label);
        }
        sources.add(r.get("source"));
        long b = r.number("bytes");
        bytes += Math.max(0, b);
        String path = r.get("path");
        int slash = path.indexOf('/');
        if (slash > 0) {
            topFolders.add(path.substring(0, slash));
        }
        String raw = r.get("license");
        Licence lic = licences.computeIfAbsent(raw.strip(), Licence::of);
        licenceCounts.add(lic.id());
        Counter h = holders.computeIfAbsent(lic.id(), k -> new Counter());
        String holder = r.get("rights_holder").strip();
        if (!holder.isEmpty() && (h.size() < HOLDERS_KEPT || h.get(holder) > 0)) {
            h.add(holder);
        }
        String manifest = r.get("manifest_id");
        if (!manifest.isEmpty() && manifests.size() < SOURCES_KEPT && !manifests.containsKey(manifest)) {
            manifests.put(manifest, new String[] {r.get("manifest_label"), r.get("required_statement")});
        }
        String dataset = r.get("datasetKey");
        if (!dataset.isEmpty() && (gbifDatasets.size() < SOURCES_KEPT || gbifDatasets.containsKey(dataset))) {
            gbifDatasets.putIfAbsent(dataset, r.get("publisher"));
            gbifDatasetCounts.add(dataset);
        }
        long w = r.number("width"), hgt = r.number("height");
        if (w > 0 && hgt > 0) {
            sizesSeen++;
            if (widths.size() < SIZES_KEPT) {
                widths.add(w);
                heights.add(hgt);
            } else {
                long j = (long) (random.nextDouble() * sizesSeen);
                if (j < SIZES_KEPT) {
                    widths.set((int) j, w);
                    heights.set((int) j, hgt);
                }
            }
        }
        if (samplesPerLabel > 0) {
            long seen = ++seenPerLabel.computeIfAbsent(label, k -> new long[1])[0];
            List<String> kept = samples.computeIfAbsent(label, k -> new ArrayList<>(samplesPerLabel));
            if (kept.size() < samplesPerLabel) {
                kept.add(path);
            } else {
                long j = (long) (random.nextDouble() * seen);
                if (j < samplesPerLabel) {
                    kept.set((int) j, path);
                }
            }
        }
    }

    /**
     * A failure's reason without what differs between items (numbers, URLs, quoted names), so that the
     * report groups "http 404" once rather than once per URL.
     */
    static String reasonOf(String reason) {
        String r = reason.strip();
        r = r.replaceAll("\\(.*?\\)", "(...)");
        r = r.replaceAll("https?://\\S+", "URL");
        r = r.replaceAll("'[^']*'", "'...'");
        r = r.replaceAll("\\b\\d{4,}\\b", "N");
        return r.length() > 120 ? r.substring(0, 120) + "..." : (r.isEmpty() ? "(no reason)" : r);
    }

    /** Licences that forbid commercial use or derivatives, most files first. */
    public List<String> restrictiveLicences() {
        Set<String> ids = new LinkedHashSet<>();
        for (Counter.Entry e : licenceCounts.byCount()) {
            for (Licence l : licences.values()) {
                if (l.id().equals(e.name()) && l.restricts()) {
                    ids.add(l.id());
                }
            }
        }
        return new ArrayList<>(ids);
    }

    /** The licence of an id seen in the table. */
    public Licence licence(String id) {
        for (Licence l : licences.values()) {
            if (l.id().equals(id)) {
                return l;
            }
        }
        return Licence.UNKNOWN;
    }
}
