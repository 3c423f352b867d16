package org.trawl.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.trawl.core.ExitCode;
import org.trawl.internal.Json;
import org.trawl.job.DatasetJob;
import org.trawl.job.DatasetJob.Settings;
import org.trawl.job.JobResult;
import org.trawl.job.PlanCounts;
import org.trawl.progress.ProgressDisplay;
import org.trawl.progress.RunStats;
import org.trawl.sink.DatasetTables;
import org.trawl.sink.DuplicatePass;
import org.trawl.source.MediaSource;
import org.trawl.source.StreamSummary;

/**
 * Turns what a {@link DatasetJob} did into what the user sees: the plan table or the run summary, as
 * text or as one JSON object (--json), nothing with -q; and into the process's exit code.
 */
public final class JobReport {
    private JobReport() {}

    /** Runs the job, prints its report on {@code out} (progress on {@code err}) and returns the exit code. */
    public static int run(DatasetJob job, MediaSource source, Settings s, PrintStream out, PrintStream err) {
        JobResult result = job.run(source, s, err);
        return print(result, s, out);
    }

    /** Prints the report of a finished job and returns the exit code: 3 when the dataset is partial. */
    public static int print(JobResult result, Settings s, PrintStream out) {
        if (result instanceof JobResult.Fetched f) {
            int code = f.partial() ? ExitCode.PARTIAL : ExitCode.OK;
            fetched(f, s, code, out);
            return code;
        }
        JobResult.Planned p = (JobResult.Planned) result;
        planned(p.plan(), p.streams(), s, out);
        return ExitCode.OK;
    }

    private static void planned(PlanCounts c, List<StreamSummary> streams, Settings s, PrintStream out) {
        if (s.json()) {
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("items", c.items());
            // only sizes the source stated (Cloud Storage objects): null when none did, never a guess
            if (c.itemsWithBytes() > 0) {
                o.put("bytes_estimate", c.bytesStated());
            } else {
                o.putNull("bytes_estimate");
            }
            o.put("bytes_known_items", c.itemsWithBytes());
            o.set("labels", Json.MAPPER.valueToTree(c.labels()));
            o.set("subsets", Json.MAPPER.valueToTree(c.subsets()));
            o.set("streams", Json.MAPPER.valueToTree(streams));
            o.put("already_done", c.alreadyDone());
            o.put("previously_failed", c.previouslyFailed());
            o.put("dropped", c.dropped());
            o.put("renamed", c.renamed());
            o.put("repeated_in_input", c.repeated());
            o.put("shared_across_labels", c.shared());
            o.put("shared_across_labels_left_out", c.sharedLeftOut());
            if (!s.plan().shard().isWhole()) {
                o.put("shard", s.plan().shard().index() + "/" + s.plan().shard().count());
            }
            out.println(o);
            return;
        }
        if (s.quiet()) {
            return;
        }
        out.printf(
                Locale.ROOT,
                "plan: %d items (%d already done, %s%d to fetch)%s%n",
                c.items(),
                c.alreadyDone(),
                c.dropped() > 0 ? c.dropped() + " dropped, " : "",
                c.toFetch(),
                s.plan().shard().isWhole()
                        ? ""
                        : " in shard " + s.plan().shard().index() + "/"
                                + s.plan().shard().count());
        if (c.itemsWithBytes() > 0) {
            out.printf(
                    Locale.ROOT,
                    "size: about %s for %d of %d items (as the source states them)%n",
                    ProgressDisplay.human(c.bytesStated()),
                    c.itemsWithBytes(),
                    c.items());
        }
        printRenamed(c, out);
        int width = Math.max(
                5, c.labels().keySet().stream().mapToInt(String::length).max().orElse(5));
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s", "label"));
        for (String subset : c.subsets().keySet()) {
            head.append(String.format(Locale.ROOT, " %10s", subset));
        }
        out.println(head.append(String.format(Locale.ROOT, " %10s", "total")));
        for (Map.Entry<String, Long> e : c.labels().entrySet()) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s", e.getKey()));
            for (Map<String, Long> perLabel : c.subsets().values()) {
                row.append(String.format(Locale.ROOT, " %10d", perLabel.getOrDefault(e.getKey(), 0L)));
            }
            out.println(row.append(String.format(Locale.ROOT, " %10d", e.getValue())));
        }
        for (StreamSummary stream : streams) {
            out.println(streamLine(stream));
        }
    }

    /** "stream NAME count=.. weight=.. [expected=..] [cap=..] [parts=..] taken=.. [subset=..]": what is known. */
    private static String streamLine(StreamSummary st) {
        StringBuilder line = new StringBuilder("stream ").append(st.stream());
        line.append(" count=").append(st.count()).append(" weight=").append(st.weight());
        if (st.expected() != null) {
            line.append(" expected=").append(st.expected());
        }
        if (st.cap() != null) {
            line.append(" cap=").append(st.cap());
        }
        if (st.parts() != null) {
            line.append(" parts=").append(st.parts());
        }
        line.append(" taken=").append(st.taken());
        if (st.subset() != null) {
            line.append(" subset=").append(st.subset());
        }
        if (st.shortfall() != null) {
            line.append(" short=").append(st.shortfall()).append(" (holds too few; the other streams made them up)");
        }
        return line.toString();
    }

    /** Says what planning renamed or left out, which the user would otherwise not see. */
    private static void printRenamed(PlanCounts c, PrintStream out) {
        if (c.renamed() > 0) {
            out.printf(
                    Locale.ROOT,
                    "%d renamed: an earlier item with another URL had the same name, so a short hash "
                            + "of the URL follows theirs (e.g. original~3f2a9c1b.jpg)%n",
                    c.renamed());
        }
        if (c.repeated() > 0) {
            out.printf(Locale.ROOT, "%d repeated in the input (same name, same URL): fetched once%n", c.repeated());
        }
        if (c.shared() > 0) {
            out.printf(
                    Locale.ROOT,
                    "%d images shared across labels (records with different labels carry them): %s; listed in %s "
                            + "as %s%n",
                    c.shared(),
                    c.sharedLeftOut() == c.shared()
                            ? "all left out"
                            : c.sharedLeftOut() + " left out, " + (c.shared() - c.sharedLeftOut()) + " kept",
                    DuplicatePass.FILE,
                    DuplicatePass.SHARED_ACROSS_LABELS);
        }
    }

    private static void fetched(JobResult.Fetched r, Settings s, int code, PrintStream out) {
        RunStats st = r.stats();
        DatasetTables.Counts tables = r.tables();
        DuplicatePass.Result dropped = r.dropped();
        PlanCounts plan = r.plan();
        double secs = st.elapsedSeconds();
        if (s.json()) {
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("fetched", st.fetched.sum());
            o.put("skipped", st.skipped.sum());
            o.put("failed", st.failed.sum());
            o.put("bytes", st.bytes.sum());
            o.put("retries", st.retries.sum());
            o.put("resumed", st.resumed.sum());
            o.put("boxes_outside_crop", st.boxesOutsideCrop.sum());
            o.put("seconds", Math.round(secs * 1000) / 1000.0);
            o.set("failures_by_reason", Json.MAPPER.valueToTree(st.failuresByReason()));
            o.set("failures_by_host", Json.MAPPER.valueToTree(st.failuresByHost()));
            o.put("output", s.out().toString());
            o.put("metadata_rows", tables.done());
            o.put("failure_rows", tables.failed());
            o.put("dropped_duplicates", dropped.dropped());
            o.put("dropped_duplicates_now", dropped.droppedNow());
            o.put("renamed", plan.renamed());
            o.put("repeated_in_input", plan.repeated());
            o.put("shared_across_labels", plan.shared());
            o.put("shared_across_labels_left_out", plan.sharedLeftOut());
            o.put("exit_code", code);
            out.println(o);
            return;
        }
        if (s.quiet()) {
            return;
        }
        out.printf(
                Locale.ROOT,
                "%d fetched (%s), %d skipped (already done), %d failed in %.1fs (%.1f items/s, %s/s)%n",
                st.fetched.sum(),
                ProgressDisplay.human(st.bytes.sum()),
                st.skipped.sum(),
                st.failed.sum(),
                secs,
                st.fetched.sum() / Math.max(secs, 0.001),
                ProgressDisplay.human((long) (st.bytes.sum() / Math.max(secs, 0.001))));
        if (st.failed.sum() > 0) {
            out.println("failed by reason: " + join(st.failuresByReason()));
            out.println("failed by host:   " + join(st.failuresByHost()));
            out.println("re-run the same command to retry the failed items (or add --retry-failed)");
        }
        if (s.dedup() || dropped.dropped() > 0) {
            out.printf(
                    Locale.ROOT,
                    "%d dropped as duplicates within a label (%d this run; files deleted, see %s)%s%n",
                    dropped.dropped(),
                    dropped.droppedNow(),
                    DuplicatePass.FILE,
                    dropped.swept() == 0
                            ? ""
                            : "; " + dropped.swept() + " file(s) an interrupted run left behind deleted now");
        }
        if (st.boxesOutsideCrop.sum() > 0) {
            out.printf(
                    Locale.ROOT,
                    "%d box(es) wholly outside the --resize-mode center-crop left out of the exports%n",
                    st.boxesOutsideCrop.sum());
        }
        printRenamed(plan, out);
        out.printf(
                Locale.ROOT,
                "dataset in %s: metadata.csv %d rows, failures.csv %d rows%n",
                s.out(),
                tables.done(),
                tables.failed());
    }

    private static String join(Map<String, Long> m) {
        StringBuilder sb = new StringBuilder();
        m.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .forEach(e -> {
                    if (sb.length() > 0) {
                        sb.append(", ");
                    }
                    sb.append(e.getKey()).append(" ").append(e.getValue());
                });
        return sb.toString();
    }
}
