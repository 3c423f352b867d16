package org.trawl.fetch;

import java.time.Duration;
import org.trawl.core.RequestHeaders;
import org.trawl.internal.Network;

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
 * @param maxBytes       the largest body kept (--max-bytes); a larger one fails the item, before its body is read
 *                       when its Content-Length says so
 * @param decodeCheck    every image must fully decode before it counts (--decode-check)
 * @param network        certificate checks and proxies (--insecure, --cacert, --proxy and the proxy variables)
 * @param pacing         request rate, bandwidth cap and longest Retry-After wait (--rate, --limit-rate,
 *                       --max-retry-wait)
 * @param userHeaders    the user's headers, credentials and cookies for each item's own URL (-H, --netrc,
 *                       --cookies); never logged or stored
 */
public record FetchOptions(
        int jobs,
        int perHost,
        int retries,
        Duration connectTimeout,
        Duration idleTimeout,
        Duration timeout,
        Network network,
        boolean fsync,
        Mode mode,
        String userAgent,
        long maxBytes,
        boolean decodeCheck,
        Pacing pacing,
        RequestHeaders userHeaders) {

    /** --max-bytes by default: see {@code EngineOptions}. */
    public static final long DEFAULT_MAX_BYTES = 1L << 30;

    public FetchOptions {
        pacing = pacing == null ? Pacing.NONE : pacing;
        userHeaders = userHeaders == null ? RequestHeaders.NONE : userHeaders;
    }

    /** No proxy, the JDK's authorities unless {@code insecure}, no rate, no bandwidth cap, no headers of the user's. */
    public FetchOptions(
            int jobs,
            int perHost,
            int retries,
            Duration connectTimeout,
            Duration idleTimeout,
            Duration timeout,
            boolean insecure,
            boolean fsync,
            Mode mode,
            String userAgent,
            long maxBytes,
            boolean decodeCheck) {
        this(
                jobs,
                perHost,
                retries,
                connectTimeout,
                idleTimeout,
                timeout,
                Network.plain(insecure),
                fsync,
                mode,
                userAgent,
                maxBytes,
                decodeCheck,
                Pacing.NONE,
                RequestHeaders.NONE);
    }

    /** No certificate checks (--insecure). */
    public boolean insecure() {
        return network.insecure();
    }

    /** With the default --max-bytes and no decode check. */
    public FetchOptions(
            int jobs,
            int perHost,
            int retries,
            Duration connectTimeout,
            Duration idleTimeout,
            Duration timeout,
            boolean insecure,
            boolean fsync,
            Mode mode,
            String userAgent) {
        this(
                jobs,
                perHost,
                retries,
                connectTimeout,
                idleTimeout,
                timeout,
                insecure,
                fsync,
                mode,
                userAgent,
                DEFAULT_MAX_BYTES,
                false);
    }

    public enum Mode {
        /** skip finished items, fetch new and failed ones */
        RESUME,
        /** fetch only the items that failed before */
        RETRY_FAILED,
        /** fetch everything again */
        OVERWRITE
    }
}
