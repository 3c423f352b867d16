package org.trawl.source.gbif;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.trawl.core.ExitCode;
import org.trawl.core.TrawlException;
import org.trawl.internal.Json;
import org.trawl.internal.Network;
import org.trawl.internal.Redaction;
import org.trawl.internal.RetryAfter;
import org.trawl.internal.TlsFailures;

/**
 * Calls the GBIF API with patience: the one place where api.gbif.org's answers (search, download
 * request, download status, for every gbif command) become retries or messages. Retries are a small
 * loop here rather than SmallRye's {@code @Retry}: the client is built at run time from
 * {@code --gbif-api} (not a CDI bean), and the delay must follow each answer's {@code Retry-After},
 * which an annotation's fixed delay cannot. Not {@link org.trawl.source.ApiGuard} either: that guard
 * works on exceptions, while GBIF's messages are in the raw response (a text/plain 400 body, 401/420
 * mapped per call), so this reads every status from the Response itself.
 * Transient: connection errors, timeouts, 408, 429, 5xx. A 400 is the user's query: exit 2 with
 * GBIF's own message.
 */
public final class GbifClient implements AutoCloseable {
    /** The largest page GBIF serves (a larger limit is silently clamped). */
    public static final int PAGE = 300;
    /** offset + limit may not pass this on /occurrence/search. */
    public static final long CAP = 100_000;

    private static final long MAX_RETRY_AFTER_MS = TimeUnit.MINUTES.toMillis(10);

    private final GbifApi api;
    private final String base;
    private final int attempts;
    private final long baseDelayMs;
    /** The line for a 407 of the proxy GBIF is reached through, or null when direct. */
    private final String proxyRefusal;

    private GbifClient(GbifApi api, String base, int attempts, long baseDelayMs, String proxyRefusal) {
        this.proxyRefusal = proxyRefusal;
        this.api = api;
        this.base = base;
        this.attempts = attempts;
        this.baseDelayMs = baseDelayMs;
    }

    public static GbifClient create(String baseUrl, Network network) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        URI uri;
        try {
            uri = URI.create(base);
            if (uri.getScheme() == null || !uri.getScheme().startsWith("http")) {
                throw new IllegalArgumentException("not http(s)");
            }
        } catch (IllegalArgumentException e) {
            throw TrawlException.usage("--gbif-api: not an http(s) URL: " + baseUrl);
        }
        GbifApi api = network.configure(QuarkusRestClientBuilder.newBuilder(), uri)
                .baseUri(uri)
                .connectTimeout(30, TimeUnit.SECONDS)
                .readTimeout(120, TimeUnit.SECONDS)
                // Not followed: the REST client's redirects copy every header (the Basic credentials of a
                // download request) to wherever a Location points. GBIF's API answers in place; its archive
                // redirect is ArchiveDownload's, which follows RedirectPolicy.
                .followRedirects(false)
                // every status comes back as a Response: this class maps them
                .property("microprofile.rest.client.disable.default.mapper", true)
                .build(GbifApi.class);
        return new GbifClient(api, base, 6, 1000, network.refusalMessage(uri));
    }

    public String base() {
        return base;
    }

    /** One page of occurrences; the limit is clamped so offset + limit never passes the cap. */
    public SearchPage search(Query q, long offset, int limit) {
        MultivaluedMap<String, String> p = params(q);
        p.putSingle("offset", Long.toString(offset));
        p.putSingle("limit", Integer.toString(limit));
        return page(p, "query");
    }

    /** How many occurrences match ({@code limit=0}). */
    public long count(Query q) {
        MultivaluedMap<String, String> p = params(q);
        p.putSingle("limit", "0");
        return page(p, "query (count)").count();
    }

    /** Every value of {@code field} among the matches with its count, paged through facetOffset. */
    public List<SearchPage.FacetCount> facet(Query q, String field) {
        List<SearchPage.FacetCount> all = new ArrayList<>();
        int size = 1000;
        for (int offset = 0; ; offset += size) {
            MultivaluedMap<String, String> p = params(q);
            p.putSingle("limit", "0");
            p.putSingle("facet", field);
            p.putSingle("facetMincount", "1");
            p.putSingle("facetLimit", Integer.toString(size));
            p.putSingle("facetOffset", Integer.toString(offset));
            SearchPage page = page(p, "query (facet " + field + ")");
            List<SearchPage.FacetCount> got =
                    page.facets().isEmpty() ? List.of() : page.facets().get(0).counts();
            all.addAll(got);
            if (got.size() < size) {
                return all;
            }
        }
    }

    private SearchPage page(MultivaluedMap<String, String> p, String what) {
        String body = call(() -> api.search(p), what, Map.of());
        try {
            return Json.MAPPER.readValue(body, SearchPage.class);
        } catch (IOException e) {
            throw new TrawlException(
                    ExitCode.FATAL,
                    "GBIF answered the " + what + " with something that is not " + "a search page: " + e.getMessage());
        }
    }

    private static MultivaluedMap<String, String> params(Query q) {
        MultivaluedMap<String, String> p = new MultivaluedHashMap<>();
        q.asMap().forEach((k, v) -> p.put(k, new ArrayList<>(v)));
        return p;
    }

    /**
     * Runs one call with retries and returns the body of a 2xx answer. {@code messages} maps a
     * status to the one line the user reads for it (e.g. 401, 420), which is then not retried.
     */
    public String call(Supplier<Response> request, String what, Map<Integer, TrawlException> messages) {
        for (int attempt = 1; ; attempt++) {
            long wait;
            String problem;
            try (Response r = request.get()) {
                int status = r.getStatus();
                String body = r.hasEntity() ? r.readEntity(String.class) : "";
                if (status >= 200 && status < 300) {
                    return body;
                }
                if (messages.containsKey(status)) {
                    throw messages.get(status);
                }
                if (status == 407 && proxyRefusal != null) {
                    throw TrawlException.usage(proxyRefusal);
                }
                problem = "HTTP " + status + (body.isBlank() ? "" : ": " + firstLine(body));
                if (status >= 300 && status < 400) {
                    throw new TrawlException(
                            ExitCode.FATAL,
                            "GBIF " + what + " failed: " + problem + " (a redirect to "
                                    + Redaction.line(r.getHeaderString("Location"))
                                    + ", not followed: point --gbif-api at it)");
                }
                if (status == 400) {
                    throw TrawlException.usage("GBIF rejected the " + what + " (HTTP 400): " + firstLine(body));
                }
                if (!transient_(status)) {
                    throw new TrawlException(ExitCode.FATAL, "GBIF " + what + " failed: " + problem);
                }
                long ra = RetryAfter.millis(r.getHeaderString("Retry-After"), Instant.now());
                wait = ra >= 0 ? Math.min(ra, MAX_RETRY_AFTER_MS) : backoff(attempt);
            } catch (ProcessingException e) {
                if (proxyRefusal != null && Network.isProxyRefusal(-1, e)) {
                    throw TrawlException.usage(proxyRefusal); // the same credentials are refused again
                }
                problem = rootMessage(e);
                if (TlsFailures.isCertificateProblem(e)) {
                    throw new TrawlException(
                            ExitCode.FATAL,
                            "GBIF " + what + " at " + base + " failed: TLS error: " + problem
                                    + " (--insecure skips certificate checks)");
                }
                wait = backoff(attempt);
            }
            if (attempt >= attempts) {
                throw new TransientFailure(
                        "GBIF " + what + " at " + base + " failed after " + attempts + " attempts: " + problem);
            }
            System.err.printf(Locale.ROOT, "trawl: GBIF %s: %s; retrying in %.1fs%n", what, problem, wait / 1000.0);
            sleep(wait);
        }
    }

    /** Still failing after every retry, but of a kind that may pass (a patient caller can try later). */
    public static final class TransientFailure extends TrawlException {
        TransientFailure(String message) {
            super(ExitCode.FATAL, message);
        }
    }

    static boolean transient_(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    private long backoff(int attempt) {
        long d = baseDelayMs << Math.min(attempt - 1, 6);
        return d / 2 + ThreadLocalRandom.current().nextLong(d / 2 + 1); // jitter: half fixed, half random
    }

    static String firstLine(String body) {
        String t = body.strip();
        int nl = t.indexOf('\n');
        return Redaction.line(nl < 0 ? t : t.substring(0, nl));
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + Redaction.line(t.getMessage()));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrawlException(ExitCode.FATAL, "interrupted");
        }
    }

    public GbifApi api() {
        return api;
    }

    @Override
    public void close() {
        if (api instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing a client cannot lose data
            }
        }
    }
}
