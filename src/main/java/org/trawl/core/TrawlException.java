package org.trawl.core;

/** An error the user should read as one line, carrying the exit code it maps to. */
public class TrawlException extends RuntimeException {
    private final int exitCode;

    public TrawlException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public TrawlException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public static TrawlException usage(String message) {
        return new TrawlException(ExitCode.USAGE, message);
    }

    public static TrawlException fatal(String message, Throwable cause) {
        return new TrawlException(ExitCode.FATAL, message, cause);
    }

    public int exitCode() {
        return exitCode;
    }
}
