package org.trawl.cli;

import java.nio.file.Path;
import java.util.List;
import org.trawl.job.DatasetJob;
import org.trawl.source.m3.Localization;
import org.trawl.source.m3.Localizations;
import org.trawl.source.m3.M3Client;
import org.trawl.source.m3.M3ImageSource;
import org.trawl.source.m3.M3Images;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** trawl m3 images LOCALIZATIONS OUTPUT_DIR: m3-download's download_images.py, on the common engine. */
@Command(
        name = "images",
        mixinStandardHelpOptions = true,
        description = "Download the images the boxes of localizations.json are drawn on into OUTPUT_DIR "
                + "(M3 file names), with image_map.json, metadata.csv and failures.csv. No prompt: --dry-run counts.")
public class M3ImagesCommand extends DownloadCommand {
    @Parameters(
            index = "0",
            paramLabel = "LOCALIZATIONS",
            description = "localizations.json from `trawl m3 localizations`.")
    Path localizations;

    @Parameters(index = "1", paramLabel = "OUTPUT_DIR", description = "Where the images go.")
    Path outputDir;

    @Option(
            names = {"-f", "--format"},
            paramLabel = "MIME",
            defaultValue = "image/png",
            description = "For localizations.json of the pre-2021-06 shape (images keyed by MIME type): which to take "
                    + "(default: ${DEFAULT-VALUE}). The current shape names its image and ignores this.")
    String mime;

    @Mixin
    ResizeOptions image;

    @Option(names = "--json", description = "Print the summary (or the --dry-run plan) as one JSON object on stdout.")
    boolean json;

    @Option(
            names = {"-q", "--quiet"},
            description = "No progress and no summary; errors only.")
    boolean quiet;

    @Mixin
    EngineOptions engine;

    @Mixin
    PlanMixin plan;

    @Mixin
    PostprocessOptions post;

    @Mixin
    ExportMixin export;

    @Mixin
    M3Options m3;

    public M3ImagesCommand(DatasetJob job) {
        super(job);
    }

    /** A bad --max-size stops the run before M3 is asked for image references. */
    @Override
    protected void checkOptions() {
        image.transform();
    }

    @Override
    protected int download() {
        List<Localization> locs = Localizations.read(localizations, mime, M3ImagesCommand::warn);
        M3ImageSource source;
        try (M3Client client = m3.client(engine.network())) {
            source = new M3ImageSource(M3Images.resolve(locs, client, M3ImagesCommand::warn));
        }
        return run(source, settings(), export.formats(), false);
    }

    /** m3-download's shape: OUTPUT_DIR, not -o, so not the shared {@link DownloadOptions}. */
    @Override
    protected DatasetJob.Settings settings() {
        return post.withDedup(new DatasetJob.Settings(
                        outputDir,
                        engine.toFetchOptions(VersionProvider.version()),
                        plan.toPlanOptions(System.getenv()),
                        plan.dryRun,
                        json,
                        quiet,
                        image.transform()))
                .withEmit(plan.emitPlan);
    }

    @Option(
            names = "--report",
            description =
                    "At the end of the run, also write OUTPUT_DIR/report.html (as `trawl report OUTPUT_DIR` does).")
    boolean report;

    /** `m3 images` writes its own local OUTPUT_DIR: no s3:// output. */
    @Override
    protected ObjectOutput objectOutput() {
        return null;
    }

    @Override
    protected boolean report() {
        return report;
    }

    @Override
    protected EngineOptions engine() {
        return engine;
    }

    @Override
    protected PostprocessOptions postprocess() {
        return post;
    }

    @Override
    protected ExportMixin exports() {
        return export;
    }

    /** m3-download's shape has no --media-type: M3's frame grabs are images. */
    @Override
    protected org.trawl.media.MediaFilter media() {
        return org.trawl.media.MediaFilter.STILL_IMAGE;
    }

    static void warn(String problem) {
        System.err.println("trawl: warning: " + problem);
    }
}
