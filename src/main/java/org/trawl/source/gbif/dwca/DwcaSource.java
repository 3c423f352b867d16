package org.trawl.source.gbif.dwca;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.trawl.core.CloseableIterator;
import org.trawl.core.MediaItem;
import org.trawl.source.FilteredMedia;
import org.trawl.source.MediaSource;
import org.trawl.source.SharedMedia;
import org.trawl.source.StreamSummary;
import org.trawl.source.gbif.Balancer;
import org.trawl.source.gbif.Licenses;
import org.trawl.source.gbif.SharedLabels;
import org.trawl.source.gbif.SubsetStreams;

/**
 * The media of a Darwin Core Archive as items, read straight from the zip.
 *
 * <p>Opening makes two passes. The core pass spills the few core values items need to a file and
 * keeps an id index ({@link CoreIndex}). The media pass filters each media row (type, licence, URL,
 * a core row with a label), notes the labels each URL is met under and drops repeated URLs exactly
 * ({@link UrlLabels}), picks one media per occurrence (a seeded choice, unless all media are wanted)
 * and samples at most N per label with a seeded reservoir. A URL whose occurrences carry different
 * labels is known only at the end of that pass: when --shared-labels drop must leave such URLs out
 * and the pass met any, the media pass runs once more knowing them, so that the choice per
 * occurrence, the per-label samples and the streams never count them (an archive without shared
 * images pays nothing). What survives is one bit per media row. {@link #items()} then streams the media
 * file again (a sample is known only once every row was seen) and joins the chosen rows to their
 * spilled core values, with memory bounded by the index, not by the archive. The run reads it once.
 */
public final class DwcaSource implements MediaSource, Closeable {
    public static final String SOURCE = "gbif-dwca";

    /** The core values carried into metadata.csv, by local term name, when the archive has them. */
    private static final List<String> CORE_KEEP = List.of(
            "datasetKey",
            "publisher",
            "license",
            "rightsHolder",
            "occurrenceID",
            "basisOfRecord",
            "taxonKey",
            "acceptedTaxonKey",
            "kingdomKey",
            "phylumKey",
            "classKey",
            "orderKey",
            "familyKey",
            "genusKey",
            "speciesKey",
            "scientificName",
            "acceptedScientificName",
            "kingdom",
            "phylum",
            "class",
            "order",
            "family",
            "genus",
            "species",
            "taxonRank",
            "countryCode",
            "decimalLatitude",
            "decimalLongitude",
            "eventDate");

    /**
     * @param label       the core term whose value names the folder (local name or URI)
     * @param mediaType   the DCMI type to keep (StillImage), or null for any
     * @param allMedia    every media of an occurrence instead of one
     * @param maxPerLabel at most this many items per label (reservoir-sampled), or null
     * @param licenses    a --license filter, or null
     * @param seed        seed of the media choice and the sampling
     * @param workDir     where the spill files go (OUT/.trawl/dwca)
     * @param balance     gbif-dl's stream balancing, or null
     * @param shared      what becomes of an image whose occurrences carry different labels
     */
    public record Options(
            String label,
            String mediaType,
            boolean allMedia,
            Integer maxPerLabel,
            String licenses,
            long seed,
            Path workDir,
            Balance balance,
            SharedLabels shared) {
        public Options(
                String label,
                String mediaType,
                boolean allMedia,
                Integer maxPerLabel,
                String licenses,
                long seed,
                Path workDir,
                Balance balance) {
            this(label, mediaType, allMedia, maxPerLabel, licenses, seed, workDir, balance, SharedLabels.DROP);
        }

        public Options(
                String label,
                String mediaType,
                boolean allMedia,
                Integer maxPerLabel,
                String licenses,
                long seed,
                Path workDir) {
            this(label, mediaType, allMedia, maxPerLabel, licenses, seed, workDir, null, SharedLabels.DROP);
        }
    }

    /**
     * gbif-dl's balancing ({@link Balancer}) over the items left after the filters and sampling.
     *
     * @param splitBy   core terms whose value combinations each make a stream (empty: one stream)
     * @param samples   total to draw, -1 for min(count) x streams, or null (no limit)
     * @param perStream at most this many per stream, or null
     * @param weighted  draw in proportion to the stream counts instead of evenly
     * @param subsets   --subset-streams: the subset of each whole stream, or null
     * @param mix       exact quotas (a seeded random choice within each stream) or gbif-dl's random draw
     */
    public record Balance(
            List<String> splitBy,
            Long samples,
            Long perStream,
            boolean weighted,
            SubsetStreams subsets,
            Balancer.Mix mix) {
        public Balance(List<String> splitBy, Long samples, Long perStream, boolean weighted) {
            this(splitBy, samples, perStream, weighted, null, Balancer.Mix.EXACT);
        }
    }

    /**
     * What the passes saw; printed for the user and asserted by tests. {@code notDrawn}: chosen items
     * the balancing mix left out; {@code sharedUrls}: URLs whose occurrences carry different labels;
     * {@code sharedRows}: the media rows left out because their URL is one of those (--shared-labels drop).
     */
    public record Stats(
            long occurrences,
            long duplicateIds,
            long mediaRows,
            long noUrl,
            long otherType,
            long otherLicense,
            long orphans,
            long noLabel,
            long duplicateUrls,
            long candidates,
            long items,
            int labels,
            long notDrawn,
            long sharedUrls,
            long sharedRows) {}

    private final DwcaArchive archive;
    private final Options options;
    private final FileSpec core;
    private final List<MediaTerms> media = new ArrayList<>();
    private final List<String> coreNames = new ArrayList<>();
    private final List<FileSpec.Field> coreFields = new ArrayList<>();
    private final String idName;
    private final FileSpec.Field labelField;
    private final CoreIndex index;
    /** Where each --split-streams-by value sits in a spilled core row ({@link CoreIndex#read}); 0 is the id. */
    private final int[] splitSlots;

    private List<StreamSummary> streams = List.of();
    /** --subset-streams: the subset of each stream, by its split values joined with NUL; null without. */
    private Map<String, String> subsetOfStream;

    private BitSet selected;
    private Stats stats;
    /** The URLs met under different labels, by URL; {@link Items} notes the labels each is kept under. */
    private Map<String, UrlLabels.Shared> sharedByUrl = Map.of();
    /** The same in archive order, for {@link #sharedAcrossLabels()}. */
    private List<UrlLabels.Shared> sharedInOrder = List.of();
    /** What --license and --media-type refused, for filtered.csv (null before the media pass). */
    private FilteredSpill filtered;
    /** URL -> the labels the items of a shared URL were filed under, as {@link #items()} yields them. */
    private final Map<String, java.util.Set<String>> keptUnder = new HashMap<>();

    private DwcaSource(DwcaArchive archive, Options options) throws IOException {
        this.archive = archive;
        this.options = options;
        MetaXml.Descriptor d = archive.descriptor();
        this.core = d.core();
        for (FileSpec ext : d.extensions()) {
            if (MediaTerms.isMedia(ext)) {
                media.add(new MediaTerms(ext));
            }
        }
        String where = archive.path().getFileName().toString();
        requireJoinableMedia(where);
        labelField = core.field(options.label());
        if (labelField == null) {
            throw new DwcaException("--label " + options.label() + ": no such term in the core of " + where + " (try "
                    + suggestions() + ")");
        }
        FileSpec.Field gbifId = core.field("gbifID");
        idName = gbifId != null ? "gbifID" : "id";
        for (String name : CORE_KEEP) {
            FileSpec.Field f = core.field(name);
            if (f != null) {
                coreNames.add(name);
                coreFields.add(f);
            }
        }
        String labelName = FileSpec.localName(labelField.term());
        if (!coreNames.contains(labelName) && !labelName.equals(idName)) {
            coreNames.add(labelName);
            coreFields.add(labelField);
        }
        splitSlots = keepSplitTerms(where);
        this.index = new CoreIndex(options.workDir());
    }

    /** Fails unless the archive has media files that name their URLs and can be joined to the core. */
    private void requireJoinableMedia(String where) {
        if (media.isEmpty()) {
            if (!archive.described() && core.field("mediaType") != null) {
                throw new DwcaException(where + " is a SIMPLE_CSV download: it lists mediaType but no image URLs. "
                        + "Request a DWCA download instead (it carries the Multimedia extension)");
            }
            throw new DwcaException(
                    where + " has no media extension (GBIF Multimedia or EOL media): it lists no image URLs");
        }
        for (MediaTerms m : media) {
            if (m.url == null) {
                throw new DwcaException(
                        where + ": the " + m.spec.rowTypeName() + " extension has no identifier/accessURI column");
            }
            if (m.spec.idIndex() < 0) {
                throw new DwcaException(where + ": the " + m.spec.rowTypeName() + " extension has no <coreid>");
            }
        }
        if (core.idIndex() < 0) {
            throw new DwcaException(where + ": the core has no <id>, so its media cannot be joined to it");
        }
    }

    /**
     * Adds the --split-streams-by terms to the spilled core values, and returns where each sits in a
     * spilled row ({@link #splitSlots}).
     */
    private int[] keepSplitTerms(String where) {
        List<String> split =
                options.balance() == null ? List.of() : options.balance().splitBy();
        int[] slots = new int[split.size()];
        for (int i = 0; i < split.size(); i++) {
            FileSpec.Field f = core.field(split.get(i));
            if (f == null) {
                throw new DwcaException("--split-streams-by " + split.get(i) + ": no such term in the core of " + where
                        + " (try " + suggestions() + ")");
            }
            String name = FileSpec.localName(f.term());
            if (name.equals(idName)) {
                slots[i] = 0;
                continue;
            }
            if (!coreNames.contains(name)) {
                coreNames.add(name);
                coreFields.add(f);
            }
            slots[i] = coreNames.indexOf(name) + 1;
        }
        return slots;
    }

    /** Opens the archive and makes the core and media passes. */
    public static DwcaSource open(DwcaArchive archive, Options options) throws IOException {
        DwcaSource s = new DwcaSource(archive, options);
        try {
            s.indexCore();
            s.select();
            if (options.balance() != null) {
                s.balance();
            }
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    public Stats stats() {
        return stats;
    }

    /** The balanced streams (name, values, count, weight, expected, cap, taken) for --dry-run; empty without balancing. */
    @Override
    public List<StreamSummary> streams() {
        return streams;
    }

    /**
     * The balancing pass: counts the chosen items per stream (the combination of the split terms'
     * values), then mixes the streams with gbif-dl's arithmetic ({@link Balancer}) and keeps what the
     * mix draws. Memory: one int per chosen item, grouped by stream; the streams keep archive order.
     */
    private void balance() throws IOException {
        Balance b = options.balance();
        List<SplitStream> groups = group();
        List<Long> counts = new ArrayList<>();
        for (SplitStream g : groups) {
            counts.add((long) g.size());
        }
        Long total = Balancer.totalSamples(b.samples(), counts, b.perStream());
        double[] weights = Balancer.weights(counts, b.weighted());
        long[] quotas = Balancer.quotas(counts, weights, b.perStream(), total);
        BitSet kept = b.mix() == Balancer.Mix.STOCHASTIC ? mix(groups, weights, total) : exact(groups, quotas);
        long[] taken = new long[groups.size()];
        BitSet labels = new BitSet();
        for (int i = 0; i < groups.size(); i++) {
            taken[i] = groups.get(i).taken(kept, labels);
        }
        describe(groups, weights, total, quotas, taken);
        long before = selected.cardinality();
        selected = kept;
        stats = new Stats(
                stats.occurrences(),
                stats.duplicateIds(),
                stats.mediaRows(),
                stats.noUrl(),
                stats.otherType(),
                stats.otherLicense(),
                stats.orphans(),
                stats.noLabel(),
                stats.duplicateUrls(),
                stats.candidates(),
                kept.cardinality(),
                labels.cardinality(),
                before - kept.cardinality(),
                stats.sharedUrls(),
                stats.sharedRows());
    }

    /**
     * The chosen media rows grouped by stream, the streams in the order of their values, so the mix
     * does not depend on which row came first.
     */
    private List<SplitStream> group() throws IOException {
        Map<String, SplitStream> byValues = new TreeMap<>();
        int m = -1;
        for (MediaTerms terms : media) {
            try (RowReader r = archive.rows(terms.spec)) {
                while (r.next()) {
                    m++;
                    if (!selected.get(m)) {
                        continue;
                    }
                    int o = index.find(r, terms.spec.idIndex());
                    String[] v = splitValues(index.read(o));
                    byValues.computeIfAbsent(streamKey(v), k -> new SplitStream(v))
                            .add(m, index.label(o));
                }
            }
        }
        return new ArrayList<>(byValues.values());
    }

    /**
     * The media rows of the exact mix: each stream's quota of rows, chosen at random (seeded) among all
     * its rows, which are all known here; the archive order of what is kept does not change.
     */
    private BitSet exact(List<SplitStream> groups, long[] quotas) {
        Random rng = new Random(options.seed());
        BitSet kept = new BitSet();
        for (int i = 0; i < groups.size(); i++) {
            groups.get(i).choose((int) Math.min(quotas[i], Integer.MAX_VALUE), rng, kept);
        }
        return kept;
    }

    /** The media rows gbif-dl's mix draws from the streams, seeded. */
    private BitSet mix(List<SplitStream> groups, double[] weights, Long total) {
        List<Iterator<Integer>> rows = new ArrayList<>();
        for (SplitStream g : groups) {
            rows.add(g.rows());
        }
        BitSet kept = new BitSet();
        Iterator<Integer> mixed =
                Balancer.mux(rows, weights, options.balance().perStream(), total, new Random(options.seed()));
        while (mixed.hasNext()) {
            kept.set(mixed.next());
        }
        return kept;
    }

    /**
     * Describes each stream for --dry-run (name, values, count, weight, expected, cap, taken) and, with
     * --subset-streams, assigns it its subset.
     */
    private void describe(List<SplitStream> groups, double[] weights, Long total, long[] quotas, long[] taken) {
        Balance b = options.balance();
        double[] shares = Balancer.shares(weights);
        List<StreamSummary> described = new ArrayList<>();
        Map<String, String> subsets = b.subsets() == null ? null : new HashMap<>();
        for (int i = 0; i < groups.size(); i++) {
            String[] v = groups.get(i).values;
            Map<String, String> q = new LinkedHashMap<>();
            StringBuilder name = new StringBuilder();
            for (int k = 0; k < v.length; k++) {
                q.put(b.splitBy().get(k), v[k]);
                name.append(k > 0 ? "," : "")
                        .append(b.splitBy().get(k))
                        .append('=')
                        .append(v[k]);
            }
            Long expected = Balancer.expected(b.mix(), total, shares[i], b.perStream(), quotas[i]);
            String subset = null;
            if (subsets != null) {
                subset = b.subsets().subsetOf(q);
                if (subset == null) {
                    throw new DwcaException(
                            "--subset-streams: no rule takes the stream " + (v.length == 0 ? "all" : name.toString())
                                    + " (add a rule for it, or a last rule SUBSET:*)");
                }
                subsets.put(streamKey(v), subset);
            }
            described.add(new StreamSummary(
                    v.length == 0 ? "all" : name.toString(),
                    q,
                    groups.get(i).size(),
                    weights[i],
                    expected,
                    b.perStream(),
                    null,
                    taken[i],
                    subset,
                    Balancer.shortfall(b.mix(), total, shares[i], b.perStream(), quotas[i])));
        }
        streams = described;
        subsetOfStream = subsets;
    }

    /** The values of the --split-streams-by terms in a spilled core row. */
    private String[] splitValues(String[] coreRow) {
        String[] v = new String[splitSlots.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = coreRow[splitSlots[i]];
        }
        return v;
    }

    private static String streamKey(String[] splitValues) {
        return String.join("\u0000", splitValues);
    }

    private String suggestions() {
        List<String> names = new ArrayList<>();
        for (String n : List.of("speciesKey", "species", "taxonKey", "scientificName", "genus", "family")) {
            if (core.field(n) != null) {
                names.add(n);
            }
        }
        if (names.isEmpty()) {
            core.fields().values().stream().limit(6).forEach(f -> names.add(FileSpec.localName(f.term())));
        }
        return String.join(", ", names);
    }

    private static String value(RowReader r, FileSpec.Field f) {
        if (f == null) {
            return "";
        }
        String v = f.index() >= 0 ? r.get(f.index()) : "";
        return v.isEmpty() && f.defaultValue() != null ? f.defaultValue() : v;
    }

    private void indexCore() throws IOException {
        try (RowReader r = archive.rows(core)) {
            while (r.next()) {
                if (r.isEmpty(core.idIndex())) {
                    continue;
                }
                index.add(r, core.idIndex(), value(r, labelField), coreFields);
            }
        }
        index.seal();
    }

    /** The media pass, twice when shared URLs must be dropped and there are some (see the class comment). */
    private void select() throws IOException {
        try (UrlLabels urls = new UrlLabels(options.workDir())) {
            BitSet took = new BitSet();
            long sharedRows;
            // the first pass meets every refused row; a second pass refuses the same ones again
            try (FilteredSpill spill = new FilteredSpill(options.workDir())) {
                filtered = spill;
                sharedRows = selectPass(urls, null, took);
            }
            if (options.shared() == SharedLabels.DROP && urls.sharedCount() > 0) {
                sharedRows = selectPass(urls, new Known(urls.shared().keySet(), took), null);
            }
            sharedByUrl = urls.shared();
            sharedInOrder = urls.sharedInOrder();
            stats = new Stats(
                    stats.occurrences(),
                    stats.duplicateIds(),
                    stats.mediaRows(),
                    stats.noUrl(),
                    stats.otherType(),
                    stats.otherLicense(),
                    stats.orphans(),
                    stats.noLabel(),
                    stats.duplicateUrls(),
                    stats.candidates(),
                    stats.items(),
                    stats.labels(),
                    0,
                    urls.sharedCount(),
                    sharedRows);
        }
    }

    /**
     * What the second media pass knows from the first: the URLs shared across labels, and the media rows
     * that took their URL (for a URL not shared, the same row takes it again). So the second pass looks
     * nothing up in the URL set, whose lookups of known URLs each read the spill file.
     */
    private record Known(java.util.Set<String> sharedUrls, BitSet took) {}

    /**
     * One media pass: filters, exact URL dedup, one media per occurrence, per-label reservoirs. Returns the
     * media rows left out because their URL is shared across labels (only when {@code known}: the second
     * pass). The first pass marks in {@code took} the rows that took their URL.
     */
    private long selectPass(UrlLabels urls, Known known, BitSet took) throws IOException {
        long rows = 0, candidates = 0;
        Dropped dropped = new Dropped();
        Licenses.Filter licenceFilter = options.licenses() == null ? null : Licenses.filter(options.licenses());
        int occurrences = index.size();
        int[] chosen = null;
        int[] seen = null;
        if (!options.allMedia()) {
            chosen = new int[occurrences];
            Arrays.fill(chosen, -1);
            seen = new int[occurrences];
        }
        Reservoirs reservoirs = new Reservoirs(options.maxPerLabel(), options.seed(), index);
        BitSet all = new BitSet();
        int m = -1;
        for (MediaTerms terms : media) {
            try (RowReader r = archive.rows(terms.spec)) {
                while (r.next()) {
                    m++;
                    rows++;
                    int o = candidate(
                            r, m, terms, licenceFilter, urls, known, took, dropped, known == null ? filtered : null);
                    if (o < 0) {
                        continue;
                    }
                    candidates++;
                    if (options.allMedia()) {
                        reservoirs.offer(index.label(o), m, all);
                    } else {
                        // a seeded reservoir of one per occurrence: a uniform pick, wherever its media rows are
                        int c = ++seen[o];
                        if (c == 1
                                || Math.floorMod(CoreIndex.mix(options.seed() * 0x9E3779B97F4A7C15L + o * 31L + c), c)
                                        == 0) {
                            chosen[o] = m;
                        }
                    }
                }
            }
        }
        if (!options.allMedia()) {
            for (int o = 0; o < occurrences; o++) {
                if (chosen[o] >= 0) {
                    reservoirs.offer(index.label(o), chosen[o], all);
                }
            }
        }
        selected = reservoirs.finish(all);
        stats = new Stats(
                occurrences,
                index.duplicates(),
                rows,
                dropped.noUrl,
                dropped.otherType,
                dropped.otherLicense,
                dropped.orphans,
                dropped.noLabel,
                dropped.duplicateUrls,
                candidates,
                selected.cardinality(),
                reservoirs.labelsSeen(),
                0,
                0,
                0);
        return dropped.shared;
    }

    /** The media rows each filter of the media pass dropped. */
    private static final class Dropped {
        long noUrl, otherType, otherLicense, orphans, noLabel, duplicateUrls, shared;
    }

    /**
     * The occurrence of a media row that passes the filters (an http(s) URL, the media type, a core row
     * with a label, not a URL shared across labels when those are dropped, the licence, a URL not taken
     * before, under this label with --shared-labels all), or -1 after counting in {@code dropped} why not.
     * Every row with a URL, the type and a label counts towards its URL's labels, whatever its licence: the
     * licence is the image's, the labels say what it shows.
     */
    private int candidate(
            RowReader r,
            int m,
            MediaTerms terms,
            Licenses.Filter licenceFilter,
            UrlLabels urls,
            Known known,
            BitSet took,
            Dropped dropped,
            FilteredSpill spill)
            throws IOException {
        String url = value(r, terms.url).trim();
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            dropped.noUrl++;
            return -1;
        }
        if (options.mediaType() != null
                && !options.mediaType()
                        .equalsIgnoreCase(MediaTerms.mediaType(value(r, terms.type), value(r, terms.format)))) {
            dropped.otherType++;
            if (spill != null) {
                int o = index.find(r, terms.spec.idIndex());
                int l = o < 0 ? -1 : index.label(o);
                spill.add(
                        url,
                        l < 0 ? "" : index.labelName(l),
                        FilteredMedia.MEDIA_TYPE,
                        MediaTerms.mediaType(value(r, terms.type), value(r, terms.format)));
            }
            return -1;
        }
        int o = index.find(r, terms.spec.idIndex());
        if (o < 0) {
            dropped.orphans++;
            return -1;
        }
        int label = index.label(o);
        if (label < 0) {
            dropped.noLabel++;
            return -1;
        }
        if (known != null && known.sharedUrls().contains(url)) {
            dropped.shared++;
            return -1;
        }
        int u = known != null ? -1 : urls.vote(url, label);
        if (licenceFilter != null) {
            String lic = value(r, terms.license);
            if (lic.isEmpty()) {
                lic = coreLicense(o);
            }
            if (!licenceFilter.accepts(lic)) {
                dropped.otherLicense++;
                if (spill != null) {
                    spill.add(url, index.labelName(label), FilteredMedia.LICENSE, lic);
                }
                return -1;
            }
        }
        if (known != null ? !known.took().get(m) : !urls.take(u, label, options.shared() == SharedLabels.ALL)) {
            dropped.duplicateUrls++;
            return -1;
        }
        if (took != null) {
            took.set(m);
        }
        return o;
    }

    /**
     * The images whose occurrences carry different labels, each with the labels the items read so far
     * filed it under (after a full read of {@link #items()}: what the dataset holds).
     */
    @Override
    public Iterable<FilteredMedia> filtered() {
        return filtered == null ? List.of() : filtered.rows();
    }

    @Override
    public List<SharedMedia> sharedAcrossLabels() {
        List<SharedMedia> out = new ArrayList<>(sharedInOrder.size());
        for (UrlLabels.Shared sh : sharedInOrder) {
            List<String> labels = new ArrayList<>(sh.labels().size());
            sh.labels().forEach(l -> labels.add(index.labelName(l)));
            out.add(new SharedMedia(
                    sh.url(), labels, List.copyOf(keptUnder.getOrDefault(sh.url(), java.util.Set.of()))));
        }
        return out;
    }

    private String coreLicense(int o) throws IOException {
        int i = coreNames.indexOf("license");
        return i < 0 ? "" : index.read(o)[i + 1];
    }

    @Override
    public CloseableIterator<MediaItem> items() {
        try {
            return new Items();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Streams the media files again and yields the selected rows joined to their core values. */
    private final class Items implements CloseableIterator<MediaItem> {
        private int fileIndex = -1;
        private RowReader reader;
        private MediaTerms terms;
        private int m = -1;
        private MediaItem next;

        Items() throws IOException {
            advance();
        }

        private void advance() throws IOException {
            next = null;
            while (true) {
                if (reader == null) {
                    if (++fileIndex >= media.size()) {
                        return;
                    }
                    terms = media.get(fileIndex);
                    reader = archive.rows(terms.spec);
                }
                if (!reader.next()) {
                    reader.close();
                    reader = null;
                    continue;
                }
                m++;
                if (selected.get(m)) {
                    next = item(reader, terms);
                    return;
                }
            }
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public MediaItem next() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            MediaItem out = next;
            try {
                advance();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out;
        }

        @Override
        public void close() {
            if (reader != null) {
                try {
                    reader.close();
                } catch (IOException ignored) {
                    // read-only stream from the archive: nothing to lose
                }
                reader = null;
            }
        }
    }

    private MediaItem item(RowReader r, MediaTerms t) throws IOException {
        int o = index.find(r, t.spec.idIndex());
        String[] c = index.read(o);
        Map<String, String> core = new LinkedHashMap<>();
        for (int i = 0; i < coreNames.size(); i++) {
            core.put(coreNames.get(i), c[i + 1]);
        }
        String url = value(r, t.url).trim();
        String licence = firstNonEmpty(value(r, t.license), core.get("license"));
        String holder = firstNonEmpty(value(r, t.rightsHolder), value(r, t.creator), core.get("rightsHolder"));
        Map<String, String> f = new LinkedHashMap<>();
        f.put(idName, c[0]);
        for (Map.Entry<String, String> e : core.entrySet()) {
            if (!e.getKey().equals("license")
                    && !e.getKey().equals("rightsHolder")
                    && !e.getKey().equals("publisher")) {
                f.put(e.getKey(), e.getValue());
            }
        }
        f.put("publisher", firstNonEmpty(value(r, t.publisher), core.get("publisher")));
        f.put("media_type", MediaTerms.mediaType(value(r, t.type), value(r, t.format)));
        f.put("format", value(r, t.format));
        f.put("creator", value(r, t.creator));
        f.put("references", value(r, t.references));
        f.put("created", value(r, t.created));
        f.put("title", value(r, t.title));
        String label = index.labelName(index.label(o));
        if (sharedByUrl.containsKey(url)) {
            keptUnder.computeIfAbsent(url, k -> new java.util.LinkedHashSet<>()).add(label);
        }
        MediaItem item = new MediaItem(url, label, null, SOURCE, c[0], licence, holder, f);
        if (subsetOfStream != null) {
            item = item.withSubset(subsetOfStream.get(streamKey(splitValues(c))));
        }
        return item;
    }

    private static String firstNonEmpty(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return "";
    }

    @Override
    public void close() throws IOException {
        index.close();
    }

    /**
     * At most N media per label, each label sampled on its own with Algorithm R from a seed of its own
     * (the run's seed and the label), so a label's sample does not depend on the other labels. A label
     * with more than N candidates keeps exactly N; none is ever dropped.
     */
    static final class Reservoirs {
        private final Integer max;
        private final long seed;
        private final CoreIndex names;
        private int[][] kept = new int[16][];
        private int[] count = new int[16];
        private long[] offered = new long[16];
        private SplittableRandom[] random = new SplittableRandom[16];
        private int labelsSeen;

        Reservoirs(Integer max, long seed, CoreIndex names) {
            this.max = max;
            this.seed = seed;
            this.names = names;
        }

        void offer(int label, int mediaRow, BitSet all) {
            if (max == null) {
                all.set(mediaRow);
                if (label >= offered.length) {
                    offered = Arrays.copyOf(offered, Math.max(label + 1, offered.length * 2));
                }
                if (offered[label]++ == 0) {
                    labelsSeen++;
                }
                return;
            }
            if (label >= kept.length) {
                int n = Math.max(label + 1, kept.length * 2);
                kept = Arrays.copyOf(kept, n);
                count = Arrays.copyOf(count, n);
                offered = Arrays.copyOf(offered, n);
                random = Arrays.copyOf(random, n);
            }
            if (kept[label] == null) {
                kept[label] = new int[Math.min(max, 16)];
                random[label] = new SplittableRandom(seed ^ CoreIndex.hash64(names.labelName(label)));
                labelsSeen++;
            }
            long seenSoFar = offered[label]++;
            if (count[label] < max) {
                if (count[label] == kept[label].length) {
                    kept[label] = Arrays.copyOf(kept[label], Math.min(max, kept[label].length * 2));
                }
                kept[label][count[label]++] = mediaRow;
            } else {
                long j = random[label].nextLong(seenSoFar + 1);
                if (j < max) {
                    kept[label][(int) j] = mediaRow;
                }
            }
        }

        BitSet finish(BitSet all) {
            if (max == null) {
                return all;
            }
            BitSet out = new BitSet();
            for (int l = 0; l < kept.length; l++) {
                for (int i = 0; i < count[l]; i++) {
                    out.set(kept[l][i]);
                }
            }
            return out;
        }

        int labelsSeen() {
            return labelsSeen;
        }
    }
}
