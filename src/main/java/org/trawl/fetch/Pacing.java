package org.trawl.fetch;

import java.time.Duration;

/**
 * How politely the engine paces itself.
 *
 * @param requestsPerSecond requests per second to one host (--rate), 0 for no limit
 * @param bytesPerSecond    body bytes per second over all transfers (--limit-rate), 0 for no limit
 * @param maxRetryWait      the longest a server's Retry-After may make an item wait (--max-retry-wait);
 *                          a longer one fails the item
 */
public record Pacing(double requestsPerSecond, long bytesPerSecond, Duration maxRetryWait) {
    /** --max-retry-wait by default. */
    public static final Duration DEFAULT_MAX_RETRY_WAIT = Duration.ofMinutes(10);

    public static final Pacing NONE = new Pacing(0, 0, DEFAULT_MAX_RETRY_WAIT);
}
