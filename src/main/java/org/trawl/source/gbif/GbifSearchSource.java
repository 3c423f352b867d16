package org.trawl.source.gbif;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import org.trawl.core.CloseableIterator;
import org.trawl.core.MediaItem;
import org.trawl.core.TrawlException;
import org.trawl.internal.Hashes;
import org.trawl.internal.Json;
import org.trawl.source.FilteredMedia;
import org.trawl.source.MediaSource;
import org.trawl.source.SharedMedia;
import org.trawl.source.StreamSummary;

/**
 * {@code trawl gbif search}: occurrence search → media items, in balanced streams as gbif-dl builds
 * them. A run queries GBIF once and writes the chosen items to a cache file under {@code OUT/.trawl/};
 * a re-run of the same command reads that file instead of asking again, so it samples the same items
 * in the same order (GBIF's answers change as records are added). A dry run writes nothing in OUT: it
 * draws the items into a temporary file of the same form, deleted once planned. A media URL that several
 * occurrences carry is judged by all of them as they are read ({@link SearchSharedUrls}, --shared-labels).
 */
public final class GbifSearchSource implements MediaSource {

    /** Everything that decides which items come out (and so names the cache). */
    public record Options(
            Query query,
            String label,
            String mediaType,
            boolean allMedia,
            Licenses.Filter licenses,
            List<String> splitBy,
            Long samples,
            Long perStream,
            boolean weighted,
            long seed,
            SubsetStreams subsets,
            Balancer.Mix mix,
            SharedLabels shared) {}

    /** One line of the cache file. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Cached(
            String url,
            String label,
            String id,
            String license,
            String rights,
            Map<String, String> fields,
            String subset) {}

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Header(
            String fingerprint,
            List<StreamSummary> streams,
            Long total,
            long withoutLabel,
            long withoutMedia,
            List<SharedMedia> shared,
            List<FilteredMedia> filtered) {}

    private final GbifClient client;
    private final Options o;
    private final Path cacheDir;
    private final PrintStream log;
    private Path cache;
    private Header header;

    /** {@code cacheDir} null: a dry run, which writes nothing (see {@link #items()}). */
    public GbifSearchSource(GbifClient client, Options options, Path cacheDir, PrintStream log) {
        this.client = client;
        this.o = options;
        this.cacheDir = cacheDir;
        this.log = log;
    }

    /**
     * A run's items come from the cache file (written now, or by an earlier run of the same command). A dry
     * run draws them from GBIF into a temporary file of cache lines and sets the header (the streams' counts).
     */
    @Override
    public CloseableIterator<MediaItem> items() {
        if (cacheDir == null) {
            return drawn();
        }
        ensureCached();
        return lines(cache, false);
    }

    /** The items of a file of cache lines (after its header line unless {@code temporary}), deleted at the end if so. */
    private static CloseableIterator<MediaItem> lines(Path file, boolean temporary) {
        try {
            BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
            if (!temporary) {
                r.readLine(); // header
            }
            return new CloseableIterator<>() {
                String line = read();

                private String read() {
                    try {
                        return r.readLine();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                @Override
                public boolean hasNext() {
                    return line != null;
                }

                @Override
                public MediaItem next() {
                    if (line == null) {
                        throw new NoSuchElementException();
                    }
                    try {
                        MediaItem item = item(line);
                        line = read();
                        return item;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                @Override
                public void close() {
                    try {
                        r.close();
                        if (temporary) {
                            Files.deleteIfExists(file);
                        }
                    } catch (IOException ignored) {
                        // read-only, or a temporary file the system cleans
                    }
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The dry run's draw, through a temporary file deleted when the items are closed: an item drawn may turn
     * out shared across labels only when a later page is read, so none can be given before the draw is over.
     */
    private CloseableIterator<MediaItem> drawn() {
        String fp = fingerprint();
        try {
            Path body = Files.createTempFile("trawl-gbif-search-", ".jsonl");
            try {
                Draw draw = new Draw();
                draw.writeTo(body);
                header = draw.header(fp);
                Path kept = Files.createTempFile("trawl-gbif-search-", ".jsonl");
                try (BufferedWriter w = Files.newBufferedWriter(kept, StandardCharsets.UTF_8)) {
                    draw.copyKept(body, w);
                } catch (IOException | RuntimeException e) {
                    Files.deleteIfExists(kept);
                    throw e;
                }
                return lines(kept, true);
            } finally {
                Files.deleteIfExists(body);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One line of the cache file. */
    private static String line(MediaItem it) throws IOException {
        return Json.MAPPER.writeValueAsString(new Cached(
                it.url(), it.label(), it.sourceId(), it.license(), it.rightsHolder(), it.fields(), it.subset()));
    }

    /** The item a line of the cache file gives back. */
    private static MediaItem item(String line) throws IOException {
        Cached c = Json.MAPPER.readValue(line, Cached.class);
        return new MediaItem(c.url(), c.label(), null, "gbif", c.id(), c.license(), c.rights(), c.fields())
                .withSubset(c.subset());
    }

    /** The streams, their counts and the plan, for {@code --dry-run}: known once the items were read. */
    @Override
    public List<StreamSummary> streams() {
        return header().streams();
    }

    /** The media URLs that occurrences with different labels carry, among the pages read. */
    @Override
    public List<SharedMedia> sharedAcrossLabels() {
        List<SharedMedia> shared = header().shared();
        return shared == null ? List.of() : shared;
    }

    /** The media --media-type or --license refused among the occurrences read. */
    @Override
    public List<FilteredMedia> filtered() {
        List<FilteredMedia> filtered = header().filtered();
        return filtered == null ? List.of() : filtered; // a cache file from before filtered.csv
    }

    public Header header() {
        if (cacheDir == null) {
            if (header == null) { // not read yet: a draw of its own
                try (CloseableIterator<MediaItem> all = drawn()) {
                    all.forEachRemaining(it -> {});
                }
            }
            return header;
        }
        ensureCached();
        return header;
    }

    private String fingerprint() {
        try {
            return Hashes.sha1Hex(client.base() + "\n"
                    + Json.MAPPER.writeValueAsString(o.query().asMap()) + "\n"
                    + Json.MAPPER.writeValueAsString(new Object[] {
                        o.label(),
                        o.mediaType(),
                        o.allMedia(),
                        o.licenses() == null ? null : o.licenses().terms(),
                        o.splitBy(),
                        o.samples(),
                        o.perStream(),
                        o.weighted(),
                        o.seed(),
                        o.subsets() == null ? null : o.subsets().toString(),
                        o.shared().toString()
                    })
                    // the exact mix draws another sample than gbif-dl's: not the cache a stochastic run left
                    + (o.mix() == Balancer.Mix.EXACT ? "\nmix=exact" : ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void ensureCached() {
        if (cache != null) {
            return;
        }
        String fp = fingerprint();
        try {
            Files.createDirectories(cacheDir);
            Path target = cacheDir.resolve("gbif-search-" + fp.substring(0, 16) + ".jsonl");
            if (Files.exists(target)) {
                Header h = readHeader(target);
                if (h != null && fp.equals(h.fingerprint())) {
                    header = h;
                    cache = target;
                    log.println("trawl: gbif: reusing the search results of an earlier run of this command in " + target
                            + " (delete it to query GBIF again)");
                    return;
                }
            }
            // unique per process: shards of one run write the same cache into one .trawl/ at once
            Path tmp = target.resolveSibling(
                    target.getFileName() + "." + ProcessHandle.current().pid() + "." + System.nanoTime() + ".tmp");
            Path body = tmp.resolveSibling(tmp.getFileName() + ".body");
            try {
                header = query(fp, body, tmp);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally { // a query that stopped half-way (GBIF's cap, a dead service) leaves nothing behind
                Files.deleteIfExists(body);
                Files.deleteIfExists(tmp);
            }
            cache = target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Header readHeader(Path f) {
        try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            String first = r.readLine();
            return first == null ? null : Json.MAPPER.readValue(first, Header.class);
        } catch (IOException e) {
            return null;
        }
    }

    /** Queries GBIF, mixes the streams and writes header + items into {@code tmp} (the items first into {@code body}). */
    private Header query(String fp, Path body, Path tmp) throws IOException {
        Draw draw = new Draw();
        // the items go to the file first, the header (which needs the final counts) is prepended after
        draw.writeTo(body);
        Header h = draw.header(fp);
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write(Json.MAPPER.writeValueAsString(h));
            w.newLine();
            draw.copyKept(body, w);
        }
        return h;
    }

    /** One sampling of the streams: counted and weighted up front, their items drawn from GBIF page by page. */
    private final class Draw {
        final List<Query> streamQueries = streamQueries();
        final List<Long> counts = new ArrayList<>();
        final Long total;
        final double[] weights;
        final double[] shares;
        final long[] quotas;
        final MediaPicker picker = new MediaPicker(o.label(), o.mediaType(), o.allMedia(), o.licenses(), o.seed());
        final List<StreamItems> streams = new ArrayList<>();
        final Iterator<MediaItem> mixed;
        final SearchSharedUrls shared;
        /** Per stream, the items it gave that turned out shared across labels and were left out (drop). */
        final long[] removed;

        // seeded, so the same command refills the same way; its own, so the first mix draws as before
        private final Random refillRandom = new Random(o.seed() ^ 0x5DEECE66DL);

        Draw() {
            for (Query q : streamQueries) {
                counts.add(client.count(q));
            }
            total = Balancer.totalSamples(o.samples(), counts, o.perStream());
            weights = Balancer.weights(counts, o.weighted());
            shares = Balancer.shares(weights);
            shared = new SearchSharedUrls(o.shared(), streamQueries.size());
            removed = new long[streamQueries.size()];
            picker.onCandidate(shared::seen);
            for (int i = 0; i < streamQueries.size(); i++) {
                streams.add(new StreamItems(
                        client,
                        streamQueries.get(i),
                        counts.get(i),
                        picker,
                        subsetOf(streamQueries.get(i)),
                        i,
                        shared));
            }
            quotas = Balancer.quotas(counts, weights, o.perStream(), total);
            mixed = o.mix() == Balancer.Mix.STOCHASTIC
                    ? Balancer.mux(streams, weights, o.perStream(), total, new Random(o.seed()))
                    : Balancer.exact(streams, counts, weights, o.perStream(), quotas, new Random(o.seed()));
        }

        /**
         * Writes every item of the draw to {@code body}, a cache line each, in rounds: after the mix, each stream
         * gives again as many items as it gave that turned out shared across labels later (drop), until none does.
         */
        void writeTo(Path body) throws IOException {
            try (BufferedWriter w = Files.newBufferedWriter(body, StandardCharsets.UTF_8)) {
                for (Iterator<MediaItem> round = mixed; round != null; round = refill()) {
                    while (round.hasNext()) {
                        w.write(line(round.next()));
                        w.newLine();
                    }
                }
            }
        }

        /** The mix of what the streams owe (each its own, a dry stream's going to the others), or null when none. */
        private Iterator<MediaItem> refill() {
            long[] owed = shared.takeOwed();
            long sum = 0;
            List<Long> room = new ArrayList<>();
            for (int i = 0; i < owed.length; i++) {
                removed[i] += owed[i];
                sum += owed[i];
                long cap = Math.min(counts.get(i), o.perStream() == null ? Long.MAX_VALUE : o.perStream());
                room.add(Math.max(0, cap - (streams.get(i).taken - removed[i])));
            }
            return sum == 0 ? null : Balancer.exact(streams, room, weights, null, owed, refillRandom);
        }

        /** Copies the lines of {@code body} but those of items left out after they were drawn. */
        void copyKept(Path body, BufferedWriter w) throws IOException {
            try (BufferedReader r = Files.newBufferedReader(body, StandardCharsets.UTF_8)) {
                if (java.util.Arrays.stream(removed).sum() == 0) {
                    r.transferTo(w);
                    return;
                }
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    Cached c = Json.MAPPER.readValue(line, Cached.class);
                    if (shared.keeps(c.url(), c.label())) {
                        w.write(line);
                        w.newLine();
                    }
                }
            }
        }

        /** What was drawn, once the draw is over; says on the log what was left out for want of a label. */
        Header header(String fp) {
            List<StreamSummary> described = new ArrayList<>();
            for (int i = 0; i < streams.size(); i++) {
                Query q = streamQueries.get(i);
                Map<String, String> qm = streamValues(q);
                Long expected = Balancer.expected(o.mix(), total, shares[i], o.perStream(), quotas[i]);
                described.add(new StreamSummary(
                        o.splitBy().isEmpty() ? "all" : q.describe(o.splitBy()),
                        qm,
                        counts.get(i),
                        weights[i],
                        expected,
                        o.perStream(),
                        streams.get(i).parts(),
                        streams.get(i).taken - removed[i],
                        streams.get(i).subset,
                        Balancer.shortfall(o.mix(), total, shares[i], o.perStream(), quotas[i])));
            }
            if (o.label() != null && picker.withoutLabel() > 0) {
                log.println("trawl: gbif: " + picker.withoutLabel() + " occurrences have no " + o.label()
                        + " and were left out");
            }
            return new Header(
                    fp,
                    described,
                    total,
                    picker.withoutLabel(),
                    picker.withoutMedia(),
                    shared.shared(),
                    picker.filtered());
        }
    }

    /** A stream's value of each --split-streams-by key. */
    private Map<String, String> streamValues(Query stream) {
        Map<String, String> qm = new LinkedHashMap<>();
        for (String k : o.splitBy()) {
            qm.put(k, stream.values(k).get(0));
        }
        return qm;
    }

    /** The subset --subset-streams gives a stream, null without it. */
    private String subsetOf(Query stream) {
        if (o.subsets() == null) {
            return null;
        }
        String s = o.subsets().subsetOf(streamValues(stream));
        if (s == null) {
            throw TrawlException.usage("--subset-streams: no rule takes the stream "
                    + (o.splitBy().isEmpty() ? "all" : stream.describe(o.splitBy()))
                    + " (add a rule for it, or a last rule SUBSET:*)");
        }
        return s;
    }

    /** Fails (exit 2) naming the first stream no --subset-streams rule takes; nothing is asked of GBIF. */
    public void checkSubsets() {
        for (Query q : streamQueries()) {
            subsetOf(q);
        }
    }

    /** The Cartesian product of the split keys' values, each a narrower copy of the query. */
    private List<Query> streamQueries() {
        List<Query> out = new ArrayList<>();
        out.add(o.query());
        for (String key : o.splitBy()) {
            List<String> values = o.query().values(key);
            if (values.isEmpty()) {
                throw TrawlException.usage("--split-streams-by " + key + ": the query has no " + key
                        + "=VALUE to split on (give one " + key + "=... per stream)");
            }
            List<Query> next = new ArrayList<>();
            for (Query q : out) {
                for (String v : values) {
                    next.add(q.with(key, v));
                }
            }
            out = next;
        }
        return out;
    }

    /** One stream's media items, read page by page over its cap-safe parts, only when drawn. */
    private static final class StreamItems implements Iterator<MediaItem> {
        private final GbifClient client;
        private final Query query;
        private final long count;
        private final MediaPicker picker;
        private final String subset;
        private final int index;
        private final SearchSharedUrls shared;
        private Deque<CapSplitter.Part> parts;
        private long partCount;
        private CapSplitter.Part part;
        private long offset;
        private boolean partDone = true;
        private final Deque<MediaItem> buffer = new ArrayDeque<>();
        long taken;

        StreamItems(
                GbifClient client,
                Query query,
                long count,
                MediaPicker picker,
                String subset,
                int index,
                SearchSharedUrls shared) {
            this.client = client;
            this.index = index;
            this.shared = shared;
            this.subset = subset;
            this.query = query;
            this.count = count;
            this.picker = picker;
        }

        long parts() {
            return partCount;
        }

        @Override
        public boolean hasNext() {
            if (parts == null) {
                List<CapSplitter.Part> p =
                        count == 0 ? List.of() : CapSplitter.split(client, query, count, GbifClient.CAP);
                parts = new ArrayDeque<>(p);
                partCount = p.size();
            }
            while (true) {
                // an item is judged when it is about to be given: pages read since may have shown its URL shared
                while (!buffer.isEmpty() && !shared.admits(buffer.peek())) {
                    buffer.poll();
                }
                if (!buffer.isEmpty()) {
                    return true;
                }
                if (partDone) {
                    part = parts.poll();
                    if (part == null) {
                        return false;
                    }
                    offset = 0;
                    partDone = false;
                }
                int limit = (int) Math.min(GbifClient.PAGE, GbifClient.CAP - offset);
                if (limit <= 0) {
                    partDone = true;
                    continue;
                }
                SearchPage page = client.search(part.query(), offset, limit);
                for (ObjectNode occ : page.results()) {
                    buffer.addAll(picker.items(occ));
                }
                // advance by what came back: GBIF clamps a large limit silently, and gbif-dl's
                // offset += page_limit then skipped records
                offset += page.results().size();
                if (page.endOfRecords() || page.results().isEmpty()) {
                    partDone = true;
                }
            }
        }

        @Override
        public MediaItem next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            taken++;
            MediaItem item = buffer.poll();
            shared.given(item, index);
            return subset == null ? item : item.withSubset(subset);
        }
    }
}
