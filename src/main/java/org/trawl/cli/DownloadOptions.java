package org.trawl.cli;

import org.trawl.job.DatasetJob.Settings;
import org.trawl.media.MediaFilter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options every downloading command shares: where the dataset goes and how the run reports
 * (-o, --max-size, --json, -q), which media are kept (--media-type), the fetch engine, the plan, the post-processing (--dedup, --folds)
 * and the exports.
 *
 * <p>A command declares it as a {@code @Mixin} after its own options, not in {@link DownloadCommand}:
 * picocli lists options in the order they are declared, a superclass's first, and a command's man
 * page and completions list its own options first.
 */
public class DownloadOptions {
    @Mixin
    OutputMixin output;

    @Mixin
    MediaTypeOption media;

    @Mixin
    EngineOptions engine;

    @Mixin
    PlanMixin plan;

    @Mixin
    PostprocessOptions post;

    @Mixin
    ExportMixin export;

    @Option(
            names = "--report",
            description = "At the end of the run, also write OUT/report.html (as `trawl report OUT` does).")
    boolean report;

    /** The media families --media-type keeps. */
    public MediaFilter media() {
        return media.media();
    }

    /** The job's settings from the output, engine and plan options; a bad value is a usage error. */
    public Settings settings() {
        org.trawl.plan.PlanOptions planOptions = plan.toPlanOptions(System.getenv());
        boolean readsEarlierFiles = !export.formats().isEmpty() || post.dedup;
        return post.withDedup(new Settings(
                        output.output(planOptions.shard(), readsEarlierFiles),
                        engine.toFetchOptions(VersionProvider.version()),
                        planOptions,
                        plan.dryRun,
                        output.json,
                        output.quiet,
                        output.resize()))
                .withEmit(plan.emitPlan);
    }
}
