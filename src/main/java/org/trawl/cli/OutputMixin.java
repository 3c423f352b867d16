package org.trawl.cli;

import java.nio.file.Path;
import org.trawl.image.ImageTransform;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where the dataset goes and how the run talks to the user. */
public class OutputMixin {
    @Option(
            names = {"-o", "--output"},
            paramLabel = "DIR",
            defaultValue = "data",
            description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path output;

    @Mixin
    ResizeOptions image;

    @Option(names = "--json", description = "Print the summary (or the --dry-run plan) as one JSON object on stdout.")
    boolean json;

    @Option(
            names = {"-q", "--quiet"},
            description = "No progress and no summary; errors only.")
    boolean quiet;

    public Path output() {
        return output;
    }

    /** The --max-size/--resize-mode/--image-format rewrite, or null when not asked for. */
    public ImageTransform resize() {
        return image.transform();
    }
}
