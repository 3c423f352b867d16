package org.trawl.cli;

import picocli.CommandLine.Option;

/** --max-line-bytes, for the commands that read a line-based input file (a URL list, a Darwin Core Archive). */
public class InputLimitOption {
    @Option(
            names = "--max-line-bytes",
            paramLabel = "SIZE",
            defaultValue = "1M",
            converter = SizeConverter.class,
            description = "Longest line (archive row; in a .json list, string) read from the input, e.g. 4M "
                    + "(default: ${DEFAULT-VALUE}): a longer one stops the run with its file and line (exit 2), "
                    + "read in bounded memory.")
    long maxLineBytes;

    /** The limit in bytes. */
    public long bytes() {
        return maxLineBytes;
    }
}
