package org.trawl.source.iiif;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.faulttolerance.api.CustomBackoffStrategy;
import io.smallrye.faulttolerance.api.TypedGuard;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import org.trawl.core.RequestHeaders;
import org.trawl.internal.JdkRedirects;
import org.trawl.internal.Json;
import org.trawl.internal.Network;
import org.trawl.internal.RedirectPolicy;
import org.trawl.internal.RetryAfter;

/**
 * Fetches IIIF JSON documents (collections, manifests, info.json) from any host.
 *
 * <p>JDK HttpClient rather than a REST Client interface: every document is an absolute URL on an
 * arbitrary host named by the previous document, and Image API servers answer a base URI with a 303
 * to info.json, so there is no fixed base URL or path template to declare. Around each request a
 * SmallRye Fault Tolerance guard per host retries transient failures (connect errors, timeouts,
 * 5xx, 408, 429) with jittered exponential backoff honouring Retry-After, and a circuit breaker stops
 * hammering a host that keeps failing. The per-request timeout is HttpClient's own (it cancels the
 * exchange cleanly, which an FT @Timeout interrupting a blocked thread would not). A semaphore per
 * host keeps to --per-host.
 */
public final class DocumentClient {
    /** Larger than any real manifest (the biggest public ones are a few MB); guards memory. */
    static final int MAX_BYTES = 64 << 20;

    private static final long MAX_RETRY_AFTER_MS = Duration.ofMinutes(2).toMillis();

    public record Settings(
            int retries,
            int perHost,
            Duration connectTimeout,
            Duration timeout,
            Network network,
            String userAgent,
            long baseDelayMs,
            RequestHeaders headers) {
        public Settings {
            headers = headers == null ? RequestHeaders.NONE : headers;
        }

        /** With none of the user's headers. */
        public Settings(
                int retries,
                int perHost,
                Duration connectTimeout,
                Duration timeout,
                Network network,
                String userAgent,
                long baseDelayMs) {
            this(retries, perHost, connectTimeout, timeout, network, userAgent, baseDelayMs, RequestHeaders.NONE);
        }

        boolean insecure() {
            return network.insecure();
        }
    }

    private final Settings settings;
    private final HttpClient http;
    private final Map<String, TypedGuard<byte[]>> guards = new ConcurrentHashMap<>();
    private final Map<String, Semaphore> slots = new ConcurrentHashMap<>();

    public DocumentClient(Settings settings) {
        this.settings = settings;
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER) // JdkRedirects follows them, keeping credentials home
                .connectTimeout(settings.connectTimeout());
        this.http = settings.network().configure(b).build();
    }

    /** The parsed document at {@code url}. */
    public JsonNode get(String url) throws DocumentException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new DocumentException("not a URL: " + url, true);
        }
        if (uri.getHost() == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
            throw new DocumentException("not an http(s) URL: " + url, true);
        }
        byte[] body;
        Semaphore slot = slots.computeIfAbsent(uri.getHost(), h -> new Semaphore(settings.perHost()));
        try {
            slot.acquire();
            try {
                body = guard(uri.getHost()).call(() -> once(uri));
            } finally {
                slot.release();
            }
        } catch (DocumentException e) {
            throw e;
        } catch (Failure f) {
            throw new DocumentException(f.getMessage(), f.badInput);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DocumentException("interrupted", false);
        } catch (Exception e) {
            throw new DocumentException(e.getClass().getSimpleName() + ": " + e.getMessage(), false);
        }
        return parse(body);
    }

    static JsonNode parse(byte[] body) throws DocumentException {
        try {
            JsonNode n = Json.MAPPER.readTree(body);
            if (n == null || !n.isObject()) {
                throw new DocumentException("not a JSON object", true);
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new DocumentException("invalid JSON: " + e.getOriginalMessage(), true);
        } catch (IOException e) {
            throw new DocumentException("invalid JSON: " + e.getMessage(), true);
        }
    }

    private byte[] once(URI uri) throws Failure {
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri)
                .timeout(settings.timeout())
                .header("Accept", "application/ld+json, application/json;q=0.9, */*;q=0.1")
                .header("User-Agent", settings.userAgent())
                .GET();
        // -H, the netrc login and the cookies for this document's origin; JdkRedirects keeps them there
        settings.headers().forUrl(uri.toString()).forEach(rb::setHeader);
        HttpRequest req = rb.build();
        HttpResponse<InputStream> resp;
        try {
            resp = JdkRedirects.send(http, req, HttpResponse.BodyHandlers.ofInputStream(), settings.insecure());
        } catch (RedirectPolicy.Refused e) {
            throw new Failure(e.getMessage(), false, -1, true);
        } catch (HttpTimeoutException e) {
            throw new Failure("timeout", true, -1, false);
        } catch (javax.net.ssl.SSLException e) {
            // not transient: the same certificate comes back on every attempt
            throw new Failure(
                    "TLS error: " + e.getMessage() + " (--insecure skips certificate checks)", false, -1, false);
        } catch (IOException e) {
            String refused = settings.network().proxyRefusal(uri, -1, e);
            if (refused != null) { // the same credentials would be refused again
                throw new Failure(refused, false, -1, false);
            }
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new Failure(why, true, -1, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted", false, -1, false);
        }
        int code = resp.statusCode();
        String refused = settings.network().proxyRefusal(uri, code, null);
        if (refused != null) { // the JDK hands a refused CONNECT back without a body
            throw new Failure(refused, false, -1, false);
        }
        try (InputStream in = resp.body()) {
            if (code == 200 || code == 203) {
                byte[] body = in.readNBytes(MAX_BYTES + 1);
                if (body.length > MAX_BYTES) {
                    throw new Failure("document larger than " + (MAX_BYTES >> 20) + " MiB", false, -1, true);
                }
                return body;
            }
            in.readNBytes(64 << 10); // drain a little so the connection can be reused
        } catch (IOException e) {
            throw new Failure("body: " + e.getMessage(), true, -1, false);
        }
        boolean transientCode = code >= 500 || code == 408 || code == 429;
        long after = RetryAfter.millis(resp.headers().firstValue("Retry-After").orElse(null), Instant.now());
        throw new Failure("http " + code, transientCode, after, !transientCode);
    }

    private TypedGuard<byte[]> guard(String host) {
        return guards.computeIfAbsent(
                host,
                h -> TypedGuard.create(byte[].class)
                        .withDescription("iiif documents from " + h)
                        .withRetry()
                        .maxRetries(settings.retries())
                        .maxDuration(1, ChronoUnit.HOURS)
                        .whenException(
                                e -> e instanceof Failure f && f.retryable && f.retryAfterMs <= MAX_RETRY_AFTER_MS)
                        .withCustomBackoff()
                        .strategy(Backoff::new)
                        .done()
                        .done()
                        .withCircuitBreaker()
                        .name("trawl-iiif-" + h + "-" + System.identityHashCode(this))
                        .when(e -> e instanceof Failure f && f.retryable)
                        .requestVolumeThreshold(20)
                        .failureRatio(0.9)
                        .delay(30, ChronoUnit.SECONDS)
                        .done()
                        .build());
    }

    /** Retry-After when given, else full-jitter exponential backoff from the base delay. */
    private final class Backoff implements CustomBackoffStrategy {
        private int attempt;

        @Override
        public long nextDelayInMillis(Throwable cause) {
            if (cause instanceof Failure f && f.retryAfterMs >= 0) {
                attempt++;
                return Math.max(1, f.retryAfterMs);
            }
            long cap = Math.min(30_000, settings.baseDelayMs() << Math.min(attempt++, 16));
            return cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1);
        }
    }

    /** One failed attempt. */
    static final class Failure extends Exception {
        final boolean retryable;
        final long retryAfterMs;
        final boolean badInput;

        Failure(String message, boolean retryable, long retryAfterMs, boolean badInput) {
            super(message, null, false, false);
            this.retryable = retryable;
            this.retryAfterMs = retryAfterMs;
            this.badInput = badInput;
        }
    }
}
