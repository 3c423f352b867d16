package org.trawl.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.trawl.card.DatasetDocs;
import org.trawl.card.DatasetFacts;
import org.trawl.card.RunLog;
import org.trawl.internal.Redaction;
import org.trawl.report.ReportWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * The end of every downloading run: the dataset card, CITATION.cff and ATTRIBUTION.csv (see {@link
 * DatasetDocs}), and report.html when asked. They describe a dataset that is already complete on disk, so
 * failing to write them is a warning on stderr, not a failed run: the exit code stays the job's.
 */
final class DatasetDocsStep {
    private DatasetDocsStep() {}

    /** Writes the files for OUT after a run of the command in {@code spec}; returns the job's exit code. */
    static int after(CommandSpec spec, Path out, boolean report, int code, PrintStream err) {
        DatasetFacts facts = null;
        try {
            RunLog.Run run = RunLog.of(
                    argsOf(spec), VersionProvider.version(), Path.of("").toAbsolutePath());
            // the tables are read once for the card and the report (10 s of a million-row run when read twice)
            if (Files.isRegularFile(out.resolve("metadata.csv"))) {
                facts = DatasetFacts.read(out, report ? ReportWriter.PER_LABEL : 0);
            }
            for (String note : DatasetDocs.write(out, run, VersionProvider.version(), facts)) {
                err.println("trawl: " + note);
            }
        } catch (UncheckedIOException e) {
            err.println("trawl: the dataset card, CITATION.cff or ATTRIBUTION.csv could not be written: "
                    + Redaction.line(String.valueOf(e.getCause().getMessage())));
        }
        if (report && Files.isRegularFile(out.resolve("metadata.csv"))) {
            try {
                if (facts != null) {
                    ReportWriter.write(out, VersionProvider.version(), facts);
                } else {
                    ReportWriter.write(out, VersionProvider.version());
                }
            } catch (UncheckedIOException e) {
                err.println("trawl: report.html could not be written: "
                        + Redaction.line(String.valueOf(e.getCause().getMessage())));
            }
        }
        return code;
    }

    /** The whole command line after {@code trawl}, as given. */
    static List<String> argsOf(CommandSpec spec) {
        ParseResult root = spec.root().commandLine().getParseResult();
        return root == null ? List.of(spec.qualifiedName().split(" ")) : root.originalArgs();
    }
}
