package org.trawl.cli;

import java.util.List;
import org.trawl.core.TrawlException;
import org.trawl.job.DatasetJob;
import org.trawl.sink.FoldsSink;
import org.trawl.sink.ParquetTables;
import org.trawl.source.MediaSource;
import org.trawl.source.WithSinks;
import picocli.CommandLine.Option;

/**
 * gbifxdl's post-processing, on every downloading command (part of {@link DownloadOptions}): removing
 * duplicates and writing folds after the download. Neither depends on the source: both work on the
 * files on disk and their labels. (Its decode check, --decode-check, is in {@link EngineOptions}.)
 */
public class PostprocessOptions {
    @Option(
            names = "--dedup",
            description =
                    "After the download, remove exact copies (same sha256) within a label: the "
                            + "first in plan order is kept, the others are deleted and recorded 'dropped' in the checkpoint (never "
                            + "fetched again). Copies spanning labels are kept and reported. Both are listed in duplicates.csv.")
    boolean dedup;

    @Option(
            names = "--folds",
            paramLabel = "K",
            description = "After the download, write folds.csv (path,label,set): "
                    + "balanced fold ids 0..K-1 within each label, seeded by --seed.")
    Integer folds;

    @Option(
            names = "--ood-threshold",
            paramLabel = "T",
            defaultValue = "5",
            description = "With --folds: labels with at most T images go to set test_ood (default: ${DEFAULT-VALUE}).")
    int oodThreshold;

    @Option(
            names = "--tables",
            paramLabel = "FORMATS",
            split = ",",
            defaultValue = "csv",
            description = "The formats of metadata and failures: csv (always written), parquet (also "
                    + "metadata.parquet and failures.parquet, with int64, double and timestamp columns); "
                    + "e.g. csv,parquet (default: ${DEFAULT-VALUE}). Parquet is in the JVM build only, not the native "
                    + "executable.")
    List<String> tables;

    /** Rejects values with no meaning, as a usage error. */
    void validate() {
        for (String t : tables) {
            if (!t.equals("csv") && !t.equals("parquet")) {
                throw TrawlException.usage("--tables takes csv and parquet, not '" + t + "'");
            }
            if (t.equals("parquet")) {
                org.trawl.table.ParquetSupport.require("--tables parquet");
            }
        }
        if (folds != null && folds < 2) {
            throw TrawlException.usage("--folds must be at least 2");
        }
        if (oodThreshold < 0) {
            throw TrawlException.usage("--ood-threshold must be 0 or more");
        }
    }

    /** The source with the folds writer added, if asked. */
    MediaSource withFolds(MediaSource source, long seed) {
        return folds == null ? source : WithSinks.of(source, out -> new FoldsSink(out, folds, oodThreshold, seed));
    }

    /** The source with the Parquet tables writer added, if --tables asks for parquet. */
    MediaSource withTables(MediaSource source) {
        return tables.contains("parquet") ? WithSinks.of(source, ParquetTables::new) : source;
    }

    /** The job's settings with --dedup. */
    DatasetJob.Settings withDedup(DatasetJob.Settings settings) {
        return settings.withDedup(dedup);
    }
}
