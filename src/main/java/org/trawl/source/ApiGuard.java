package org.trawl.source;

import io.smallrye.faulttolerance.api.CustomBackoffStrategy;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.trawl.internal.RetryAfter;
import org.trawl.internal.TlsFailures;

/**
 * Retries for a JSON API call (SmallRye Fault Tolerance, programmatic because base URLs are per
 * command): connect errors, timeouts, 5xx, 408 and 429 are retried with full-jitter exponential
 * backoff, or after the server's Retry-After when it sends one (up to 10 minutes); any other 4xx
 * is an answer, not a fault, and goes straight to the caller.
 */
public final class ApiGuard {
    static final long MAX_RETRY_AFTER_MS = 600_000;
    private final Guard guard;
    private final long baseDelayMs;

    public ApiGuard(String description, int retries, long baseDelayMs) {
        this.baseDelayMs = baseDelayMs;
        this.guard = Guard.create()
                .withDescription(description)
                .withRetry()
                    .maxRetries(retries)
                    .maxDuration(1, ChronoUnit.HOURS)
                    .whenException(ApiGuard::transient_)
                    .withCustomBackoff().strategy(Backoff::new).done()
                    .done()
                .build();
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Supplier<T> call) {
        return (T) guard.get((Supplier<Object>) call, Object.class);
    }

    public static int status(Throwable e) {
        return e instanceof WebApplicationException w && w.getResponse() != null ? w.getResponse().getStatus() : -1;
    }

    static boolean transient_(Throwable e) {
        if (e instanceof ProcessingException) {
            // connect refused, reset, read timeout, truncated body; but a refused certificate comes back the same
            return !TlsFailures.isCertificateProblem(e);
        }
        int s = status(e);
        if (s >= 500 || s == 408 || s == 429) {
            return retryAfterMillis(e) <= MAX_RETRY_AFTER_MS;
        }
        return false;
    }

    static long retryAfterMillis(Throwable e) {
        if (e instanceof WebApplicationException w && w.getResponse() != null) {
            String h = w.getResponse().getHeaderString("Retry-After");
            if (h != null) {
                return RetryAfter.millis(h, Instant.now());
            }
        }
        return -1;
    }

    private final class Backoff implements CustomBackoffStrategy {
        private int attempt;

        @Override
        public long nextDelayInMillis(Throwable cause) {
            long ra = retryAfterMillis(cause);
            if (ra >= 0) {
                attempt++;
                return Math.max(ra, 1);
            }
            long cap = Math.min(30_000, baseDelayMs << Math.min(attempt++, 16));
            return cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1);
        }
    }
}
