package org.trawl.cli;

import java.nio.file.Path;
import org.trawl.job.DatasetJob;
import org.trawl.source.urls.UrlListSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** trawl urls LIST: the plain URL-list source. */
@Command(
        name = "urls",
        mixinStandardHelpOptions = true,
        description =
                "Download the images listed in a file: txt (one URL per line), csv, tsv, json (array of objects) "
                        + "or jsonl, optionally .gz; or Parquet (a .parquet file, or a folder of part files). Columns url, label and basename by default; other columns go to metadata.csv.",
        footer = {
            "",
            "Layout: OUT/[subset/][label/]<basename or sha1(url)>.<ext>, OUT/metadata.csv, OUT/failures.csv, "
                    + "OUT/.trawl/checkpoint.json. Re-run the same command to resume."
        })
public class UrlsCommand extends DownloadCommand {
    @Parameters(index = "0", paramLabel = "LIST", description = "The list file (or a folder of .parquet part files).")
    Path list;

    @Option(names = "--url-col", paramLabel = "C", description = "Column or field holding the URL (default: url).")
    String urlCol;

    @Option(
            names = "--label-col",
            paramLabel = "C",
            description = "Column holding the label, used as the folder (default: label).")
    String labelCol;

    @Option(
            names = "--name-col",
            paramLabel = "C",
            description = "Column holding the file name stem (default: basename).")
    String nameCol;

    @Mixin
    InputLimitOption input;

    @Mixin
    DownloadOptions options;

    public UrlsCommand(DatasetJob job) {
        super(job);
    }

    @Override
    protected int download() {
        UrlListSource.Columns d = UrlListSource.Columns.defaults();
        UrlListSource.Columns cols = new UrlListSource.Columns(
                urlCol != null ? urlCol : d.url(),
                labelCol != null ? labelCol : d.label(),
                nameCol != null ? nameCol : d.name(),
                labelCol != null,
                nameCol != null);
        DatasetJob.Settings settings = settings();
        UrlListSource source = new UrlListSource(list, cols, input.bytes())
                .withSubsetColumn(settings.plan().split() == null);
        return run(source, settings);
    }
}
