package org.trawl.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.trawl.core.RequestHeaders;
import org.trawl.export.ExportFormat;
import org.trawl.export.WithExports;
import org.trawl.job.DatasetJob;
import org.trawl.job.DatasetJob.Settings;
import org.trawl.source.ApiHeaders;
import org.trawl.source.MediaSource;
import org.trawl.source.MediaTypedSource;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that downloads a dataset: it reads its own options, builds a {@link MediaSource} and hands
 * it to {@link #run}, which adds the --export formats, runs the one pipeline ({@link DatasetJob}) and
 * reports it ({@link JobReport}). The shared options come from the command's
 * {@code @Mixin DownloadOptions} (see there why the command declares it, not this class).
 */
public abstract class DownloadCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private final DatasetJob job;

    protected DownloadCommand(DatasetJob job) {
        this.job = job;
    }

    /**
     * Checks the command's own options, then the export options, so that a bad one stops the run
     * before any service is asked anything; then {@link #download}.
     */
    @Override
    public Integer call() {
        checkOptions();
        exports().validate();
        postprocess().validate();
        // the service's REST calls get the user's headers too, for this command only
        ApiHeaders.use(engine().userHeaders());
        try {
            return download();
        } finally {
            ApiHeaders.use(RequestHeaders.NONE);
        }
    }

    /** The command's own checks that come before the export options'. None by default. */
    protected void checkOptions() {}

    /**
     * Builds the source from the command's options and runs it, usually {@code return run(source,
     * settings());}, with whatever the source needs open while it runs.
     */
    protected abstract int download();

    /** The job's settings from the shared options; a bad value is a usage error. */
    protected Settings settings() {
        return shared().settings();
    }

    /** The engine options (-j, -H, --rate, ...). */
    protected EngineOptions engine() {
        return shared().engine;
    }

    /** The export options (--export, --voc-origin, --wds-shard-*). */
    protected ExportMixin exports() {
        return shared().export;
    }

    /** The media families the run keeps: --media-type's, unless a command adds to them. */
    protected org.trawl.media.MediaFilter media() {
        return shared().media();
    }

    /** --dedup and --folds. */
    protected PostprocessOptions postprocess() {
        return shared().post;
    }

    /** --report: also write OUT/report.html at the end of the run. */
    protected boolean report() {
        return shared().report;
    }

    /** The -o s3:// output this run opened, or null for a local folder (commands with their own OUT have none). */
    protected ObjectOutput objectOutput() {
        return shared().output.objectOutput();
    }

    /** Runs the job on {@code source} with the --export formats, VOC 1-based unless --voc-origin says otherwise. */
    protected final int run(MediaSource source, Settings settings) {
        return run(source, settings, exports().formats(), true);
    }

    /**
     * Runs the job on {@code source} with these export formats (a command's own -f merged with --export),
     * and the VOC origin the source uses when --voc-origin is not given; returns the exit code.
     */
    protected final int run(
            MediaSource source, Settings settings, List<ExportFormat> formats, boolean vocOneBasedDefault) {
        ExportMixin e = exports();
        MediaSource typed = MediaTypedSource.of(source, media());
        MediaSource withFolds = postprocess()
                .withTables(postprocess().withFolds(typed, settings.plan().seed()));
        MediaSource withExports =
                WithExports.wrap(withFolds, formats, e.vocOneBased(vocOneBasedDefault), e.wdsLimits());
        // with --emit-plan - stdout is the plan's: the report goes beside the progress
        boolean planOnStdout = settings.emit() != null && settings.emit().toStdout();
        java.io.PrintStream summaryOut = planOnStdout ? System.err : System.out;
        ObjectOutput s3 = objectOutput();
        if (s3 == null) {
            int code = JobReport.run(job, withExports, settings, summaryOut, System.err);
            return settings.dryRun() ? code : DatasetDocsStep.after(spec, settings.out(), report(), code, System.err);
        }
        // -o s3://: the job ran on the spool; what it finished is uploaded even when it stopped early
        boolean uploaded = settings.dryRun(); // a plan uploads nothing
        try {
            int code = JobReport.run(job, withExports, settings, summaryOut, System.err);
            code = settings.dryRun() ? code : DatasetDocsStep.after(spec, settings.out(), report(), code, System.err);
            if (!uploaded) {
                uploaded = true;
                s3.upload();
            }
            return code;
        } finally {
            if (!uploaded) {
                s3.upload();
            }
            s3.close();
        }
    }

    private DownloadOptions shared() {
        for (CommandSpec mixin : spec.mixins().values()) {
            if (mixin.userObject() instanceof DownloadOptions o) {
                return o;
            }
        }
        throw new IllegalStateException(spec.qualifiedName() + " declares no @Mixin DownloadOptions");
    }
}
