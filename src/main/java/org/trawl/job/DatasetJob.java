package org.trawl.job;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.trawl.checkpoint.CheckpointStore;
import org.trawl.checkpoint.ItemRecord;
import org.trawl.checkpoint.KeyIndex;
import org.trawl.checkpoint.OutLock;
import org.trawl.checkpoint.StateLayout;
import org.trawl.core.CloseableIterator;
import org.trawl.core.MediaItem;
import org.trawl.core.TrawlException;
import org.trawl.fetch.FetchEngine;
import org.trawl.fetch.FetchOptions;
import org.trawl.image.ImageTransform;
import org.trawl.plan.PlanFile;
import org.trawl.plan.PlanOptions;
import org.trawl.plan.PlannedItem;
import org.trawl.plan.Planner;
import org.trawl.plan.emit.EmitTarget;
import org.trawl.plan.emit.EmittedPlan;
import org.trawl.progress.ProgressDisplay;
import org.trawl.progress.RunStats;
import org.trawl.sink.DatasetTables;
import org.trawl.sink.DuplicatePass;
import org.trawl.sink.FilteredTable;
import org.trawl.sink.SinkPass;
import org.trawl.sink.TablesDraft;
import org.trawl.source.AfterFetch;
import org.trawl.source.DecodeCheckedSource;
import org.trawl.source.MediaSource;
import org.trawl.source.SharedMedia;

/**
 * The one pipeline every downloading command runs: plan the source's items, then either stop there
 * (--dry-run) or fetch the plan with the engine, run the post-passes (duplicates, the source's own
 * files) and rebuild metadata.csv/failures.csv. It returns what it did as a {@link JobResult}; turning
 * that into text, JSON and an exit code is the command line's business.
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
     * @param json   --json: progress as plain lines (or none with quiet), never a live bar
     * @param quiet  -q: no progress
     * @param resize the --max-size rewrite, applied after the source's own transform, or null
     * @param dedup  --dedup: after the download, drop exact copies within a label (see {@link DuplicatePass})
     * @param emit   --emit-plan: where the whole plan is written before any download, or null
     */
    public record Settings(
            Path out,
            FetchOptions fetch,
            PlanOptions plan,
            boolean dryRun,
            boolean json,
            boolean quiet,
            ImageTransform resize,
            boolean dedup,
            EmitTarget emit) {

        public Settings(
                Path out,
                FetchOptions fetch,
                PlanOptions plan,
                boolean dryRun,
                boolean json,
                boolean quiet,
                ImageTransform resize,
                boolean dedup) {
            this(out, fetch, plan, dryRun, json, quiet, resize, dedup, null);
        }

        public Settings(
                Path out,
                FetchOptions fetch,
                PlanOptions plan,
                boolean dryRun,
                boolean json,
                boolean quiet,
                ImageTransform resize) {
            this(out, fetch, plan, dryRun, json, quiet, resize, false);
        }

        public Settings(Path out, FetchOptions fetch, PlanOptions plan, boolean dryRun, boolean json, boolean quiet) {
            this(out, fetch, plan, dryRun, json, quiet, null);
        }

        /** The same settings writing elsewhere (a source with its own OUTPUT_DIR argument). */
        public Settings withOut(Path dir) {
            return new Settings(dir, fetch, plan, dryRun, json, quiet, resize, dedup, emit);
        }

        /** The same settings, dropping duplicates after the download or not. */
        public Settings withDedup(boolean on) {
            return new Settings(out, fetch, plan, dryRun, json, quiet, resize, on, emit);
        }

        /** The same settings, writing the plan to target (null: not at all). */
        public Settings withEmit(EmitTarget target) {
            return new Settings(out, fetch, plan, dryRun, json, quiet, resize, dedup, target);
        }
    }

    /** --decode-check (if asked), the source's own rewrite (if any), then --max-size (if asked). */
    public static ImageTransform transformOf(MediaSource source, Settings s) {
        ImageTransform own =
                DecodeCheckedSource.of(source, s.fetch().decodeCheck()).transform();
        return own == null ? s.resize() : own.andThen(s.resize());
    }

    /**
     * Runs the job.
     *
     * @param err where progress and the source's notes go (the terminal's stderr)
     */
    public JobResult run(MediaSource source, Settings s, PrintStream err) {
        Path dir = s.out();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw TrawlException.usage("the output " + dir + " exists and is not a folder");
        }
        KeyIndex state = new KeyIndex();
        if (s.dryRun()) {
            for (Path store : StateLayout.allStores(dir)) {
                loadReadOnly(store, state);
            }
            PlanCounts counts = s.emit() == null
                    ? countPlan(source, s.plan(), state, null, null, null)
                    : dryRunEmitting(source, s, state);
            return new JobResult.Planned(counts, source.streams());
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
            // the one read of the source: what follows reads the plan file (see PlanFile), so a source needs no
            // cache to give the same items twice
            PlanFile planFile = PlanFile.in(own);
            // metadata.csv and failures.csv as the run goes, when they can be (see TablesDraft); deleted if unused
            try (TablesDraft draft = TablesDraft.startIfFresh(dir, store)) {
                Set<String> fields = new LinkedHashSet<>();
                PlanCounts counts = writePlan(source, s, state, clients, planFile, fields);
                if (s.emit() != null) {
                    EmittedPlan.write(planFile.whole(), fields, s.plan().shard(), s.emit(), System.out);
                }
                RunStats stats = fetch(source, s, counts, new Fetch(store, state, clients, planFile), err);
                clients.close(); // the connections are not needed for what follows
                source.afterFetch(new AfterFetch(dir, s.plan(), transformOf(source, s), store, stats, err));
                store.close();
                return afterDownload(source, s, own, planFile, draft, counts, stats);
            }
        }
    }

    /** What the download needs besides the source and the settings. */
    private record Fetch(CheckpointStore store, KeyIndex state, FetchEngine.Prepared clients, PlanFile planFile) {}

    /**
     * The planning pass into the plan file: validates the whole input before any download and gives the
     * total; meanwhile connections to the first host to fetch from are opened (nothing is requested).
     */
    private static PlanCounts writePlan(
            MediaSource source,
            Settings s,
            KeyIndex state,
            FetchEngine.Prepared clients,
            PlanFile planFile,
            Set<String> fields) {
        FetchOptions.Mode fetchMode = s.fetch().mode();
        try (PlanFile.Writer written = planFile.writer()) {
            return countPlan(
                    source,
                    s.plan(),
                    state,
                    p -> {
                        if (FetchEngine.fetches(fetchMode, state.get(p.key())) && !source.derived(p.item())) {
                            clients.preconnect(p.item().url(), p.host());
                            return true;
                        }
                        return false;
                    },
                    written,
                    fields);
        } catch (RuntimeException e) {
            planFile.discard(e); // a plan cut short by a bad input is of no use to the next run
            throw e;
        }
    }

    /** The download of this process's items from the plan file, with the progress display. */
    private RunStats fetch(MediaSource source, Settings s, PlanCounts counts, Fetch f, PrintStream err) {
        RunStats stats = new RunStats();
        stats.planned.set(
                s.fetch().mode() == FetchOptions.Mode.RETRY_FAILED
                        ? counts.alreadyDone() + counts.previouslyFailed() + counts.dropped()
                        : counts.items());
        ProgressDisplay.Mode mode = s.json()
                ? (s.quiet() ? ProgressDisplay.Mode.QUIET : ProgressDisplay.Mode.LINES)
                : ProgressDisplay.detect(s.quiet());
        try (CloseableIterator<PlannedItem> plan = f.planFile().toFetch();
                ProgressDisplay ignored = new ProgressDisplay(stats, err, mode)) {
            engine.run(
                    plan,
                    new FetchEngine.Run(
                            s.out(),
                            s.fetch(),
                            f.store(),
                            f.state(),
                            stats,
                            source.requestHeaders(),
                            transformOf(source, s),
                            source.requestFallback(),
                            source.media()),
                    f.clients());
        }
        return stats;
    }

    /** The post-passes over the plan file, then the tables; the plan file is deleted at the end. */
    private static JobResult afterDownload(
            MediaSource source,
            Settings s,
            Path own,
            PlanFile planFile,
            TablesDraft draft,
            PlanCounts counts,
            RunStats stats) {
        Path dir = s.out();
        // before the tables and sinks, so metadata.csv, folds and exports never see a dropped item
        // (without --dedup only when the checkpoint holds drops, whose files a crash may have left: costs
        // nothing otherwise)
        List<SharedMedia> shared = source.sharedAcrossLabels();
        DuplicatePass.Result dropped = s.dedup() || counts.dropped() > 0
                ? DuplicatePass.run(dir, planFile, own, s.fetch().fsync(), s.dedup(), shared)
                : DuplicatePass.Result.NONE;
        if (dropped == DuplicatePass.Result.NONE && !shared.isEmpty()) {
            DuplicatePass.listShared(dir, shared); // duplicates.csv lists them with or without --dedup
        }
        FilteredTable.write(dir, source.filtered());
        // the draft holds the rows as the run journaled them; a duplicate pass changes them: rebuild then
        DatasetTables.Counts tables = DatasetTables.rebuild(dir, dropped == DuplicatePass.Result.NONE ? draft : null);
        stats.boxesOutsideCrop.add(SinkPass.run(dir, planFile, source.sinks(dir)));
        planFile.delete(); // a run that stops before here leaves it for the next run to write anew
        return new JobResult.Fetched(counts, stats, tables, dropped, source.unreadInputs());
    }

    /**
     * A dry run with --emit-plan: the plan goes to a plan file in a temporary folder (a dry run writes nothing in
     * OUT), which is then written to the target in the columns the items turned out to have, and deleted.
     */
    private static PlanCounts dryRunEmitting(MediaSource source, Settings s, KeyIndex state) {
        Path tmp;
        try {
            tmp = Files.createTempDirectory("trawl-plan-");
        } catch (java.io.IOException e) {
            throw TrawlException.fatal("cannot make a temporary folder for the plan: " + e.getMessage(), e);
        }
        PlanFile planFile = PlanFile.in(tmp);
        try {
            Set<String> fields = new LinkedHashSet<>();
            PlanCounts counts;
            try (PlanFile.Writer written = planFile.writer()) {
                counts = countPlan(source, s.plan(), state, null, written, fields);
            }
            EmittedPlan.write(planFile.whole(), fields, s.plan().shard(), s.emit(), System.out);
            return counts;
        } finally {
            planFile.delete();
            try {
                Files.deleteIfExists(tmp);
            } catch (java.io.IOException ignored) {
                // a temporary folder the system cleans
            }
        }
    }

    private static void loadReadOnly(Path store, KeyIndex state) {
        CheckpointStore.forEachLatest(store, r -> state.put(r.key(), r.stateCode()));
    }

    /**
     * The planning pass over the whole input. {@code firstToFetch}, when given, sees items in order until it
     * returns true. {@code plan}, when given, gets the whole plan (every shard's items, each marked with
     * whether this process owns it); the counts are this process's. {@code fields}, when given, gathers the
     * metadata field names of the whole plan's items (for --emit-plan's columns).
     */
    private static PlanCounts countPlan(
            MediaSource source,
            PlanOptions options,
            KeyIndex state,
            java.util.function.Predicate<PlannedItem> firstToFetch,
            PlanFile.Writer plan,
            Set<String> fields) {
        long count = 0, alreadyDone = 0, previouslyFailed = 0, dropped = 0, renamed, repeated;
        long bytesStated = 0, itemsWithBytes = 0;
        java.util.function.Predicate<PlannedItem> looking = firstToFetch;
        // counted in hash maps and sorted once at the end: a TreeMap per item cost ~5 % of planning a
        // 557k-item, 20k-label archive
        Map<String, long[]> labels = new HashMap<>();
        Map<String, Map<String, long[]>> subsets = new HashMap<>();
        try (CloseableIterator<MediaItem> items = source.items()) {
            Planner planner = new Planner(options);
            Iterator<Planner.Placed> it = planner.planAll(items);
            while (it.hasNext()) {
                Planner.Placed placed = it.next();
                if (plan != null) {
                    plan.write(placed, source.derived(placed.item().item()));
                }
                if (fields != null) {
                    fields.addAll(placed.item().item().fields().keySet());
                }
                if (!placed.own()) {
                    continue;
                }
                PlannedItem p = placed.item();
                if (looking != null && looking.test(p)) {
                    looking = null;
                }
                count++;
                Long size = p.item().bytes();
                if (size != null && size >= 0) {
                    // a server's sizes are untrusted: saturate rather than wrap to a negative sum
                    bytesStated = size > Long.MAX_VALUE - bytesStated ? Long.MAX_VALUE : bytesStated + size;
                    itemsWithBytes++;
                }
                int st = state.get(p.key());
                if (st == ItemRecord.STATE_DONE) {
                    alreadyDone++;
                } else if (st == ItemRecord.STATE_FAILED) {
                    previouslyFailed++;
                } else if (st == ItemRecord.STATE_DROPPED) {
                    dropped++;
                }
                String label = p.label() == null ? "(none)" : p.label();
                labels.computeIfAbsent(label, k -> new long[1])[0]++;
                if (p.subset() != null) {
                    subsets.computeIfAbsent(p.subset(), k -> new HashMap<>())
                            .computeIfAbsent(label, k -> new long[1])[0]++;
                }
            }
            renamed = planner.renamed();
            repeated = planner.duplicates();
        }
        Map<String, Long> sortedLabels = new TreeMap<>();
        labels.forEach((label, n) -> sortedLabels.put(label, n[0]));
        Map<String, Map<String, Long>> sortedSubsets = new TreeMap<>();
        subsets.forEach((subset, perLabel) -> {
            Map<String, Long> sorted = new TreeMap<>();
            perLabel.forEach((label, n) -> sorted.put(label, n[0]));
            sortedSubsets.put(subset, sorted);
        });
        List<SharedMedia> shared = source.sharedAcrossLabels(); // known now that the items were read
        return new PlanCounts(
                count,
                alreadyDone,
                previouslyFailed,
                dropped,
                renamed,
                repeated,
                sortedLabels,
                sortedSubsets,
                bytesStated,
                itemsWithBytes,
                shared.size(),
                shared.stream().filter(m -> m.keptUnder().isEmpty()).count());
    }
}
