package org.trawl.source.som;

import io.smallrye.faulttolerance.api.CustomBackoffStrategy;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import org.trawl.internal.RetryAfter;

/**
 * Retries for the Datastore and Cloud Storage metadata calls: a SmallRye Fault Tolerance guard
 * with som's schedule (exponential from 1 s, capped at 10 s, full jitter) that honours
 * Retry-After. Only transient answers are retried (connection errors, 408, 429, 5xx); anything
 * else reaches the caller at once, as the WebApplicationException it was.
 */
final class GoogleCalls {
    private static final long BASE_MS = 1000;
    private static final long CAP_MS = 10_000;
    private static final long MAX_RETRY_AFTER_MS = 600_000;
    private final Guard guard;

    GoogleCalls(int retries, long baseMs) {
        long base = Math.max(1, baseMs);
        this.guard = Guard.create()
                .withDescription("Google API call")
                .withRetry()
                .maxRetries(retries)
                .maxDuration(30, ChronoUnit.MINUTES)
                .whenException(GoogleCalls::transientFailure)
                .withCustomBackoff()
                .strategy(() -> new Backoff(base))
                .done()
                .done()
                .build();
    }

    GoogleCalls(int retries) {
        this(retries, BASE_MS);
    }

    <T> T call(Callable<T> call, Class<T> type) {
        try {
            return guard.call(call, type);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean transientFailure(Throwable e) {
        if (e instanceof ProcessingException) {
            // connection refused, reset, timeout: the request may not have reached the service; a refused
            // certificate, though, comes back the same on every attempt
            return !org.trawl.internal.TlsFailures.isCertificateProblem(e);
        }
        if (e instanceof WebApplicationException w) {
            int s = w.getResponse().getStatus();
            return (s == 408 || s == 429 || s >= 500) && retryAfter(w) <= MAX_RETRY_AFTER_MS;
        }
        return false;
    }

    static long retryAfter(WebApplicationException w) {
        return RetryAfter.millis(w.getResponse().getHeaderString("Retry-After"), Instant.now());
    }

    /** The HTTP status of a failed call, or -1 when none came back. */
    static int status(Throwable e) {
        return e instanceof WebApplicationException w ? w.getResponse().getStatus() : -1;
    }

    /** The "message" of Google's JSON error body, or the status line; one line, never the request. */
    static String message(Throwable e) {
        if (e instanceof WebApplicationException w) {
            Response r = w.getResponse();
            String text = null;
            try {
                r.bufferEntity();
                String body = r.readEntity(String.class);
                var node = org.trawl.internal.Json.MAPPER.readTree(body);
                text = node.path("error").path("message").asText(null);
            } catch (RuntimeException | java.io.IOException ignored) {
                // not JSON: the status alone says enough
            }
            return "HTTP " + r.getStatus() + (text == null || text.isBlank() ? "" : ": " + GoogleAuth.firstLine(text));
        }
        return GoogleAuth.firstLine(e.getMessage() == null ? e.toString() : e.getMessage());
    }

    /** Retry-After when the service gave one, else full-jitter exponential backoff. */
    private static final class Backoff implements CustomBackoffStrategy {
        private final long base;
        private int attempt;

        Backoff(long base) {
            this.base = base;
        }

        @Override
        public long nextDelayInMillis(Throwable cause) {
            if (cause instanceof WebApplicationException w && retryAfter(w) >= 0) {
                attempt++;
                return Math.max(retryAfter(w), 1);
            }
            long cap = Math.min(CAP_MS, base << Math.min(attempt++, 20));
            return cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1);
        }
    }
}
