package org.trawl.fetch;

import org.trawl.internal.Redaction;

/**
 * Why one attempt failed, in the words failures.csv and the summary use, and what to do about it.
 * The engine retries only {@link #retryable()} failures; {@link #hostFault()} ones count against
 * the host's circuit breaker (the host, not the item, is the problem).
 */
public final class FetchFailure extends RuntimeException {
    private final boolean retryable;
    private final boolean hostFault;
    private final long retryAfterMillis;
    private final int status;
    private final boolean stopsRun;

    private FetchFailure(String reason, boolean retryable, boolean hostFault, long retryAfterMillis) {
        this(reason, retryable, hostFault, retryAfterMillis, -1, false);
    }

    private FetchFailure(String reason, boolean retryable, boolean hostFault, long retryAfterMillis, int status) {
        this(reason, retryable, hostFault, retryAfterMillis, status, false);
    }

    private FetchFailure(
            String reason, boolean retryable, boolean hostFault, long retryAfterMillis, int status, boolean stopsRun) {
        // no stack trace: these are outcomes, not bugs. The reason goes to failures.csv, --json and the
        // terminal, and may quote the server or the URL: masked and on one line here, once for all
        super(Redaction.oneLine(reason), null, false, false);
        this.retryable = retryable;
        this.hostFault = hostFault;
        this.retryAfterMillis = retryAfterMillis;
        this.status = status;
        this.stopsRun = stopsRun;
    }

    /**
     * No other item can succeed either (a proxy refused trawl's credentials): the engine starts no more
     * transfers, and the run ends with this reason as its one line (exit 2), rather than failing every item.
     */
    public static FetchFailure stopsRun(String reason) {
        return new FetchFailure(reason, false, false, -1, -1, true);
    }

    public boolean stopsRun() {
        return stopsRun;
    }

    /** The item itself is bad (404, not an image, ...): retrying cannot help. */
    public static FetchFailure permanent(String reason) {
        return new FetchFailure(reason, false, false, -1);
    }

    /**
     * The server refused the request as asked (4xx, 501): retrying it cannot help, though the source may
     * know another request for the same item (see {@code core.RequestFallback}).
     */
    public static FetchFailure refused(int status) {
        return new FetchFailure("http " + status, false, false, -1, status);
    }

    /** The transfer broke (reset, truncated, stalled): try again. */
    public static FetchFailure transientError(String reason) {
        return new FetchFailure(reason, true, false, -1);
    }

    /** The host is unwell (refused, timed out, 5xx): try again, and count it against the host. */
    public static FetchFailure hostError(String reason) {
        return new FetchFailure(reason, true, true, -1);
    }

    /** The server said when to come back (429/503 with Retry-After). */
    public static FetchFailure retryAfter(String reason, long millis) {
        return new FetchFailure(reason, true, false, millis);
    }

    public String reason() {
        return getMessage();
    }

    public boolean retryable() {
        return retryable;
    }

    public boolean hostFault() {
        return hostFault;
    }

    public long retryAfterMillis() {
        return retryAfterMillis;
    }

    /** The HTTP status of a {@link #refused} request, else -1. */
    public int status() {
        return status;
    }
}
