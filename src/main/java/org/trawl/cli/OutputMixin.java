package org.trawl.cli;

import java.nio.file.Path;
import org.trawl.core.TrawlException;
import org.trawl.image.ImageTransform;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where the dataset goes and how the run talks to the user. */
public class OutputMixin {
    // a String, not a Path: a Path would fold s3://BUCKET into s3:/BUCKET
    @Option(
            names = {"-o", "--output"},
            paramLabel = "DIR",
            defaultValue = "data",
            description =
                    "Output folder, or s3://BUCKET/PREFIX for an S3-compatible object store (default: ${DEFAULT-VALUE}).")
    String output;

    @Option(
            names = "--s3-endpoint",
            paramLabel = "URL",
            description = "With -o s3://: the store's endpoint, for MinIO, Ceph or GCS's XML API "
                    + "(default: AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL, else AWS S3).")
    String s3Endpoint;

    @Option(
            names = "--s3-path-style",
            description = "With -o s3://: path-style requests (ENDPOINT/BUCKET/KEY), for stores that need them.")
    boolean s3PathStyle;

    @Option(
            names = "--spool",
            paramLabel = "DIR",
            description = "With -o s3://: the local folder the run works in before each file is uploaded; "
                    + "emptied at the start (default: $TMPDIR/trawl-spool/BUCKET/PREFIX/SHARD).")
    Path spool;

    private ObjectOutput objectOutput;

    @Mixin
    ResizeOptions image;

    @Option(names = "--json", description = "Print the summary (or the --dry-run plan) as one JSON object on stdout.")
    boolean json;

    @Option(
            names = {"-q", "--quiet"},
            description = "No progress and no summary; errors only.")
    boolean quiet;

    /**
     * The folder the run writes: OUT, or for -o s3:// the spool, opened once (see {@link ObjectOutput}).
     *
     * @param shard the process's shard (each shard of a machine gets its own spool)
     * @param everything whether a step reads earlier items' files (--export, --dedup), so the whole prefix is
     *     brought into the spool, not only its state
     */
    Path output(org.trawl.core.Shard shard, boolean everything) {
        if (!org.trawl.store.S3Location.isS3(output)) {
            return Path.of(output);
        }
        if (objectOutput == null) {
            objectOutput = ObjectOutput.open(this, shard, everything);
        }
        return objectOutput.spool();
    }

    /** The local folder -o names (commands that write no dataset, such as `m3 get`). */
    public Path output() {
        if (org.trawl.store.S3Location.isS3(output)) {
            throw TrawlException.usage("this command writes a local folder only, not " + output);
        }
        return Path.of(output);
    }

    /** The s3:// output opened by {@link #output(org.trawl.core.Shard, boolean)}, or null. */
    ObjectOutput objectOutput() {
        return objectOutput;
    }

    /** The --max-size/--resize-mode/--image-format rewrite, or null when not asked for. */
    public ImageTransform resize() {
        return image.transform();
    }
}
