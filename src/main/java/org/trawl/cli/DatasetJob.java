package org.trawl.cli;

import org.trawl.core.ExitCode;
import org.trawl.core.TrawlException;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.trawl.checkpoint.CheckpointStore;
import org.trawl.checkpoint.ItemRecord;
import org.trawl.checkpoint.KeyIndex;
import org.trawl.checkpoint.OutLock;
import org.trawl.checkpoint.StateLayout;
import org.trawl.fetch.FetchEngine;
import org.trawl.fetch.FetchOptions;
import org.trawl.image.ImageTransform;
import org.trawl.internal.Json;
import org.trawl.plan.PlanOptions;
import org.trawl.plan.PlannedItem;
import org.trawl.plan.Planner;
import org.trawl.progress.ProgressDisplay;
import org.trawl.progress.RunStats;
import org.trawl.sink.DatasetTables;
import org.trawl.sink.DuplicatePass;
import org.trawl.sink.SinkPass;
import org.trawl.sink.TablesDraft;
import org.trawl.source.AfterFetch;
import org.trawl.core.CloseableIterator;
import org.trawl.source.DecodeCheckedSource;
import org.trawl.core.MediaItem;
import org.trawl.source.MediaSource;

/**
 * The one pipeline every downloading command runs: plan the source's items, then either report the
 * plan (--dry-run) or fetch it with the engine, rebuild metadata.csv/failures.csv, and summarise.
 */
@ApplicationScoped
public class DatasetJob {
    private final FetchEngine engine;

    public DatasetJob(FetchEngine engine) {
        this.engine = engine;
    }

    /**
     * Options of one job, gathered from the command's mixins.
     *
     * @param resize the --max-size rewrite, applied after the source's own transform, or null
     * @param dedup  --dedup: after the download, drop exact copies within a label (see {@link DuplicatePass})
     */
    public record Settings(Path out, FetchOptions fetch, PlanOptions plan, boolean dryRun, boolean json, boolean quiet,
            ImageTransform resize, boolean dedup) {

        public Settings(Path out, FetchOptions fetch, PlanOptions plan, boolean dryRun, boolean json, boolean quiet,
                ImageTransform resize) {
            this(out, fetch, plan, dryRun, json, quiet, resize, false);
        }

        public Settings(Path out, FetchOptions fetch, PlanOptions plan, boolean dryRun, boolean json, boolean quiet) {
            this(out, fetch, plan, dryRun, json, quiet, null);
        }

        /** The settings every downloading command shares, from its three mixins. */
        public static Settings of(OutputMixin output, EngineOptions engine, PlanMixin plan) {
            return new Settings(output.output(), engine.toFetchOptions(VersionProvider.version()),
                    plan.toPlanOptions(System.getenv()), plan.dryRun, output.json, output.quiet, output.resize());
        }

        /** The same settings writing elsewhere (a source with its own OUTPUT_DIR argument). */
        public Settings withOut(Path dir) {
            return new Settings(dir, fetch, plan, dryRun, json, quiet, resize, dedup);
        }

        /** The same settings, dropping duplicates after the download or not. */
        public Settings withDedup(boolean on) {
            return new Settings(out, fetch, plan, dryRun, json, quiet, resize, on);
        }
    }

    /** --decode-check (if asked), the source's own rewrite (if any), then --max-size (if asked). */
    static ImageTransform transformOf(MediaSource source, Settings s) {
        ImageTransform own = DecodeCheckedSource.of(source, s.fetch().decodeCheck()).transform();
        return own == null ? s.resize() : own.andThen(s.resize());
    }

    /** Counts from the planning pass. */
    @RegisterForReflection
    static final class PlanCounts {
        long items;
        long alreadyDone;
        long previouslyFailed;
        long dropped;
        /** Items renamed because an earlier item with another URL had their name; repeats of an item dropped. */
        long renamed;
        long repeated;
        final Map<String, Long> labels = new TreeMap<>();
        final Map<String, Map<String, Long>> subsets = new TreeMap<>();
    }

    public int run(MediaSource source, Settings s, PrintStream out, PrintStream err) {
        Path dir = s.out();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw TrawlException.usage("the output " + dir + " exists and is not a folder");
        }
        KeyIndex state = new KeyIndex();
        if (s.dryRun()) {
            for (Path store : StateLayout.allStores(dir)) {
                loadReadOnly(store, state);
            }
            PlanCounts counts = countPlan(source, s.plan(), state, null);
            report(counts, s, out, source.streams());
            return ExitCode.OK;
        }
        Path own = StateLayout.storeDir(dir, s.plan().shard());
        try (OutLock outLock = OutLock.acquire(dir, s.plan().shard());
                CheckpointStore store = CheckpointStore.open(own, s.fetch().fsync());
                FetchEngine.Prepared clients = engine.prepare(s.fetch())) {
            // others' state first, then ours: our own latest outcome wins
            for (Path other : StateLayout.allStores(dir)) {
                if (!other.equals(own)) {
                    loadReadOnly(other, state);
                }
            }
            store.load(state);
            // metadata.csv and failures.csv as the run goes, when they can be (see TablesDraft); deleted if unused
            try (TablesDraft draft = TablesDraft.startIfFresh(dir, store)) {
                // a full planning pass first: validates the whole input before any download and gives the total;
                // meanwhile connections to the first host to fetch from are opened (nothing is requested)
                FetchOptions.Mode fetchMode = s.fetch().mode();
                PlanCounts counts = countPlan(source, s.plan(), state, p -> {
                    if (FetchEngine.fetches(fetchMode, state.get(p.key())) && !source.derived(p.item())) {
                        clients.preconnect(p.item().url(), p.host());
                        return true;
                    }
                    return false;
                });
                RunStats stats = new RunStats();
                stats.planned.set(s.fetch().mode() == FetchOptions.Mode.RETRY_FAILED
                        ? counts.alreadyDone + counts.previouslyFailed + counts.dropped : counts.items);
                ProgressDisplay.Mode mode = s.json() ? (s.quiet() ? ProgressDisplay.Mode.QUIET : ProgressDisplay.Mode.LINES)
                        : ProgressDisplay.detect(s.quiet());
                try (CloseableIterator<MediaItem> items = source.items();
                        ProgressDisplay ignored = new ProgressDisplay(stats, err, mode)) {
                    Iterator<PlannedItem> plan = fetchable(new Planner(s.plan()).plan(items), source);
                    engine.run(plan, new FetchEngine.Run(dir, s.fetch(), store, state, stats, source.requestHeaders(),
                            transformOf(source, s)), clients);
                }
                clients.close(); // the connections are not needed for what follows
                source.afterFetch(new AfterFetch(dir, s.plan(), transformOf(source, s), store, stats, err));
                store.close();
                // before the tables and sinks, so metadata.csv, folds and exports never see a dropped item
                // (without --dedup only when the checkpoint holds drops, whose files a crash may have left: costs nothing otherwise)
                DuplicatePass.Result dropped = s.dedup() || counts.dropped > 0
                        ? DuplicatePass.run(dir, source, s.plan(), own, s.fetch().fsync(), s.dedup()) : DuplicatePass.Result.NONE;
                // the draft holds the rows as the run journaled them; a duplicate pass changes them: rebuild then
                DatasetTables.Counts tables = DatasetTables.rebuild(dir, dropped == DuplicatePass.Result.NONE ? draft : null);
                SinkPass.run(dir, source, s.plan(), source.sinks(dir));
                int code = stats.failed.sum() > 0 || source.unreadInputs() > 0 ? ExitCode.PARTIAL : ExitCode.OK;
                summarise(stats, tables, dropped, counts, s, code, out);
                return code;
            }
        }
    }

    /** The plan without the items the source makes itself after the download. */
    private static Iterator<PlannedItem> fetchable(Iterator<PlannedItem> plan, MediaSource source) {
        return new Iterator<>() {
            PlannedItem next;

            @Override
            public boolean hasNext() {
                while (next == null && plan.hasNext()) {
                    PlannedItem p = plan.next();
                    if (!source.derived(p.item())) {
                        next = p;
                    }
                }
                return next != null;
            }

            @Override
            public PlannedItem next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                PlannedItem p = next;
                next = null;
                return p;
            }
        };
    }

    private static void loadReadOnly(Path store, KeyIndex state) {
        CheckpointStore.forEachLatest(store, r -> state.put(r.key(), r.stateCode()));
    }

    /**
     * The planning pass over the whole input. {@code firstToFetch}, when given, sees items in order until it
     * returns true.
     */
    private static PlanCounts countPlan(MediaSource source, PlanOptions options, KeyIndex state,
            java.util.function.Predicate<PlannedItem> firstToFetch) {
        PlanCounts c = new PlanCounts();
        java.util.function.Predicate<PlannedItem> looking = firstToFetch;
        // counted in hash maps and sorted once at the end: a TreeMap per item cost ~5 % of planning a
        // 557k-item, 20k-label archive
        Map<String, long[]> labels = new HashMap<>();
        Map<String, Map<String, long[]>> subsets = new HashMap<>();
        try (CloseableIterator<MediaItem> items = source.items()) {
            Planner planner = new Planner(options);
            Iterator<PlannedItem> it = planner.plan(items);
            while (it.hasNext()) {
                PlannedItem p = it.next();
                if (looking != null && looking.test(p)) {
                    looking = null;
                }
                c.items++;
                int st = state.get(p.key());
                if (st == ItemRecord.STATE_DONE) {
                    c.alreadyDone++;
                } else if (st == ItemRecord.STATE_FAILED) {
                    c.previouslyFailed++;
                } else if (st == ItemRecord.STATE_DROPPED) {
                    c.dropped++;
                }
                String label = p.label() == null ? "(none)" : p.label();
                labels.computeIfAbsent(label, k -> new long[1])[0]++;
                if (p.subset() != null) {
                    subsets.computeIfAbsent(p.subset(), k -> new HashMap<>()).computeIfAbsent(label, k -> new long[1])[0]++;
                }
            }
            c.renamed = planner.renamed();
            c.repeated = planner.duplicates();
        }
        labels.forEach((label, n) -> c.labels.put(label, n[0]));
        subsets.forEach((subset, perLabel) -> {
            Map<String, Long> sorted = new TreeMap<>();
            perLabel.forEach((label, n) -> sorted.put(label, n[0]));
            c.subsets.put(subset, sorted);
        });
        return c;
    }

    private static void report(PlanCounts c, Settings s, PrintStream out, List<Map<String, Object>> streams) {
        if (s.json()) {
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("items", c.items);
            o.putNull("bytes_estimate");
            o.set("labels", Json.MAPPER.valueToTree(c.labels));
            o.set("subsets", Json.MAPPER.valueToTree(c.subsets));
            o.set("streams", Json.MAPPER.valueToTree(streams));
            o.put("already_done", c.alreadyDone);
            o.put("previously_failed", c.previouslyFailed);
            o.put("dropped", c.dropped);
            o.put("renamed", c.renamed);
            o.put("repeated_in_input", c.repeated);
            if (!s.plan().shard().isWhole()) {
                o.put("shard", s.plan().shard().index() + "/" + s.plan().shard().count());
            }
            out.println(o);
            return;
        }
        if (s.quiet()) {
            return;
        }
        out.printf(Locale.ROOT, "plan: %d items (%d already done, %s%d to fetch)%s%n", c.items, c.alreadyDone,
                c.dropped > 0 ? c.dropped + " dropped, " : "", c.items - c.alreadyDone - c.dropped,
                s.plan().shard().isWhole() ? "" : " in shard " + s.plan().shard().index() + "/" + s.plan().shard().count());
        printRenamed(c, out);
        int width = Math.max(5, c.labels.keySet().stream().mapToInt(String::length).max().orElse(5));
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s", "label"));
        for (String subset : c.subsets.keySet()) {
            head.append(String.format(Locale.ROOT, " %10s", subset));
        }
        out.println(head.append(String.format(Locale.ROOT, " %10s", "total")));
        for (Map.Entry<String, Long> e : c.labels.entrySet()) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s", e.getKey()));
            for (Map<String, Long> perLabel : c.subsets.values()) {
                row.append(String.format(Locale.ROOT, " %10d", perLabel.getOrDefault(e.getKey(), 0L)));
            }
            out.println(row.append(String.format(Locale.ROOT, " %10d", e.getValue())));
        }
        for (Map<String, Object> stream : streams) {
            StringBuilder line = new StringBuilder("stream");
            stream.forEach((k, v) -> {
                if ("stream".equals(k)) {
                    line.append(' ').append(v);
                } else if (v != null && !(v instanceof Map)) {
                    line.append(' ').append(k).append('=').append(v);
                }
            });
            out.println(line);
        }
    }

    /** Says what planning renamed or left out, which the user would otherwise not see. */
    private static void printRenamed(PlanCounts c, PrintStream out) {
        if (c.renamed > 0) {
            out.printf(Locale.ROOT, "%d renamed: an earlier item with another URL had the same name, so a short hash "
                    + "of the URL follows theirs (e.g. original~3f2a9c1b.jpg)%n", c.renamed);
        }
        if (c.repeated > 0) {
            out.printf(Locale.ROOT, "%d repeated in the input (same name, same URL): fetched once%n", c.repeated);
        }
    }

    private static void summarise(RunStats st, DatasetTables.Counts tables, DuplicatePass.Result dropped, PlanCounts plan,
            Settings s, int code, PrintStream out) {
        double secs = st.elapsedSeconds();
        if (s.json()) {
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("fetched", st.fetched.sum());
            o.put("skipped", st.skipped.sum());
            o.put("failed", st.failed.sum());
            o.put("bytes", st.bytes.sum());
            o.put("retries", st.retries.sum());
            o.put("resumed", st.resumed.sum());
            o.put("seconds", Math.round(secs * 1000) / 1000.0);
            o.set("failures_by_reason", Json.MAPPER.valueToTree(st.failuresByReason()));
            o.set("failures_by_host", Json.MAPPER.valueToTree(st.failuresByHost()));
            o.put("output", s.out().toString());
            o.put("metadata_rows", tables.done());
            o.put("failure_rows", tables.failed());
            o.put("dropped_duplicates", dropped.dropped());
            o.put("dropped_duplicates_now", dropped.droppedNow());
            o.put("renamed", plan.renamed);
            o.put("repeated_in_input", plan.repeated);
            o.put("exit_code", code);
            out.println(o);
            return;
        }
        if (s.quiet()) {
            return;
        }
        out.printf(Locale.ROOT, "%d fetched (%s), %d skipped (already done), %d failed in %.1fs (%.1f items/s, %s/s)%n",
                st.fetched.sum(), ProgressDisplay.human(st.bytes.sum()), st.skipped.sum(), st.failed.sum(), secs,
                st.fetched.sum() / Math.max(secs, 0.001), ProgressDisplay.human((long) (st.bytes.sum() / Math.max(secs, 0.001))));
        if (st.failed.sum() > 0) {
            out.println("failed by reason: " + join(st.failuresByReason()));
            out.println("failed by host:   " + join(st.failuresByHost()));
            out.println("re-run the same command to retry the failed items (or add --retry-failed)");
        }
        if (s.dedup() || dropped.dropped() > 0) {
            out.printf(Locale.ROOT, "%d dropped as duplicates within a label (%d this run; files deleted, see %s)%s%n",
                    dropped.dropped(), dropped.droppedNow(), DuplicatePass.FILE, dropped.swept() == 0 ? ""
                            : "; " + dropped.swept() + " file(s) an interrupted run left behind deleted now");
        }
        printRenamed(plan, out);
        out.printf(Locale.ROOT, "dataset in %s: metadata.csv %d rows, failures.csv %d rows%n", s.out(), tables.done(),
                tables.failed());
    }

    private static String join(Map<String, Long> m) {
        StringBuilder sb = new StringBuilder();
        m.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).forEach(e -> {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(e.getKey()).append(" ").append(e.getValue());
        });
        return sb.toString();
    }
}
