package org.trawl.fetch;

import java.time.Duration;

/**
 * How the engine fetches.
 *
 * @param jobs           transfers in flight at once
 * @param perHost        transfers in flight to one host (politeness)
 * @param retries        retries after the first attempt, for transient failures only
 * @param connectTimeout TCP/TLS connect
 * @param idleTimeout    longest silence inside a response before the attempt is abandoned
 * @param timeout        longest a single attempt may take, whatever the server does
 * @param mode           which items to (re)fetch
 */
public record FetchOptions(int jobs, int perHost, int retries, Duration connectTimeout, Duration idleTimeout,
        Duration timeout, boolean insecure, boolean fsync, Mode mode, String userAgent) {

    public enum Mode {
        /** skip finished items, fetch new and failed ones */
        RESUME,
        /** fetch only the items that failed before */
        RETRY_FAILED,
        /** fetch everything again */
        OVERWRITE
    }
}
