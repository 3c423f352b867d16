package org.trawl.core;

/** The documented exit codes (README.md, "Exit codes"): scripts and schedulers rely on them. */
public final class ExitCode {
    /** Everything planned is on disk. */
    public static final int OK = 0;
    /** A fatal error stopped the run. */
    public static final int FATAL = 1;
    /** Bad usage or bad input: one clear line, no stack trace. */
    public static final int USAGE = 2;
    /** Finished, but some items failed; re-running resumes. */
    public static final int PARTIAL = 3;

    private ExitCode() {}
}
