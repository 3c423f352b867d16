package org.trawl.cli;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.trawl.core.ExitCode;
import org.trawl.core.TrawlException;
import org.trawl.report.ReportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** trawl report OUT: the dataset's report.html, from what is on disk (no network). */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = "Write OUT/report.html: one self-contained page (no network needed to view it) with the "
                + "counts per label and subset, sampled thumbnails per label (boxes drawn when OUT has "
                + "boxes.csv), width and height histograms, licences, failures by reason and duplicates, "
                + "all read from the tables in OUT.")
public class ReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "OUT", description = "A dataset folder trawl wrote (it has metadata.csv).")
    Path out;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(out.resolve("metadata.csv"))) {
            throw TrawlException.usage(
                    out + " has no metadata.csv: not a dataset trawl wrote (or its run has not finished)");
        }
        try {
            Path written = ReportWriter.write(out, VersionProvider.version());
            System.out.println("report: " + written);
            return ExitCode.OK;
        } catch (UncheckedIOException e) {
            throw TrawlException.fatal(
                    "cannot write the report in " + out + ": " + e.getCause().getMessage(), e);
        }
    }
}
