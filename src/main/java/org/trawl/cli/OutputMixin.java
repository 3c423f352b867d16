package org.trawl.cli;

import java.nio.file.Path;
import org.trawl.core.TrawlException;
import org.trawl.image.ImageTransform;
import org.trawl.image.codec.MaxSizeTransform;
import picocli.CommandLine.Option;

/** Where the dataset goes and how the run talks to the user. */
public class OutputMixin {
    /** --max-size's help, shared with `m3 images`, which has its own OUTPUT_DIR and so not this mixin. */
    static final String MAX_SIZE_HELP =
            "Downscale each JPEG/PNG so its longest side is at most PX pixels, and turn it upright "
                    + "by its EXIF orientation (other image formats, and sound and video, are kept as served).";

    @Option(
            names = {"-o", "--output"},
            paramLabel = "DIR",
            defaultValue = "data",
            description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--max-size", paramLabel = "PX", description = MAX_SIZE_HELP)
    Integer maxSize;

    @Option(names = "--json", description = "Print the summary (or the --dry-run plan) as one JSON object on stdout.")
    boolean json;

    @Option(
            names = {"-q", "--quiet"},
            description = "No progress and no summary; errors only.")
    boolean quiet;

    public Path output() {
        return output;
    }

    /** The --max-size rewrite, or null when not asked for. */
    public ImageTransform resize() {
        return resize(maxSize);
    }

    /** The rewrite for a --max-size of {@code maxSize} pixels, or null when the option was not given. */
    static ImageTransform resize(Integer maxSize) {
        if (maxSize == null) {
            return null;
        }
        if (maxSize < 1) {
            throw TrawlException.usage("--max-size must be a positive number of pixels, not " + maxSize);
        }
        return new MaxSizeTransform(maxSize);
    }
}
