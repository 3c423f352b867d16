package org.trawl.source;

import io.smallrye.faulttolerance.api.CustomBackoffStrategy;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.trawl.core.ExitCode;
import org.trawl.core.TrawlException;
import org.trawl.internal.Network;
import org.trawl.internal.Redaction;
import org.trawl.internal.RetryAfter;
import org.trawl.internal.TlsFailures;

/**
 * Retries for a JSON API call (SmallRye Fault Tolerance, programmatic because base URLs are per
 * command): connect errors, timeouts, 5xx, 408 and 429 are retried with full-jitter exponential
 * backoff, or after the server's Retry-After when it sends one (up to 10 minutes); any other 4xx
 * is an answer, not a fault, and goes straight to the caller. {@link #call} then turns what is left
 * into the user's words: not found, refused (the user's error), or failed (fatal).
 */
public final class ApiGuard {
    static final long MAX_RETRY_AFTER_MS = 600_000;
    private final Guard guard;
    private final long baseDelayMs;
    private final String service;
    private final String site;
    private final String refusalHint;
    private final String proxyRefusal;

    /**
     * @param service the API's name in messages ("M3", "FathomNet")
     * @param site where it is, named in a failure
     * @param refusalHint appended to an HTTP 400 message, e.g. ": check the filters"; "" for none
     */
    public ApiGuard(String service, String site, String refusalHint, int retries, long baseDelayMs) {
        this(service, site, refusalHint, retries, baseDelayMs, null);
    }

    /** @param proxyRefusal the line for a 407 of the proxy the API is reached through, or null when direct */
    public ApiGuard(
            String service, String site, String refusalHint, int retries, long baseDelayMs, String proxyRefusal) {
        this.proxyRefusal = proxyRefusal;
        this.service = service;
        this.site = site;
        this.refusalHint = refusalHint;
        this.baseDelayMs = baseDelayMs;
        this.guard = Guard.create()
                .withDescription(service + " API")
                .withRetry()
                .maxRetries(retries)
                .maxDuration(1, ChronoUnit.HOURS)
                .whenException(ApiGuard::transient_)
                .withCustomBackoff()
                .strategy(Backoff::new)
                .done()
                .done()
                .build();
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Supplier<T> call) {
        return (T) guard.get((Supplier<Object>) call, Object.class);
    }

    /**
     * One guarded call, {@code what} being the request as the user should read it ("GET imagereferences/…"):
     * HTTP 404 gives {@code notFound}; 400 is the user's error (exit 2); any other status, or no answer at
     * all, is fatal and names the site.
     */
    public <T> T call(String what, Supplier<T> call, T notFound) {
        try {
            return get(call);
        } catch (WebApplicationException e) {
            int status = status(e);
            refusedByProxy(status, e);
            if (status == 404) {
                return notFound;
            }
            if (status == 400) {
                throw TrawlException.usage(service + " refused " + what + " (HTTP 400)" + refusalHint);
            }
            throw new TrawlException(ExitCode.FATAL, service + " " + what + " failed: HTTP " + status + " at " + site);
        } catch (ProcessingException e) {
            refusedByProxy(-1, e);
            throw new TrawlException(
                    ExitCode.FATAL,
                    service + " " + what + " failed: " + rootMessage(e) + " at " + site
                            + (TlsFailures.isCertificateProblem(e) ? " (--insecure skips certificate checks)" : ""),
                    e);
        }
    }

    /** A proxy's 407 is the user's to fix (exit 2), in one line naming the proxy, never its credentials. */
    private void refusedByProxy(int status, Throwable e) {
        if (proxyRefusal != null && Network.isProxyRefusal(status, e)) {
            throw TrawlException.usage(proxyRefusal);
        }
    }

    /** The innermost cause's message (the socket's or the TLS layer's words, not the client's wrapping), redacted. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : Redaction.line(t.getMessage());
    }

    public static int status(Throwable e) {
        return e instanceof WebApplicationException w && w.getResponse() != null
                ? w.getResponse().getStatus()
                : -1;
    }

    static boolean transient_(Throwable e) {
        if (Network.isProxyRefusal(status(e), e)) {
            return false; // the same credentials are refused again
        }
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
