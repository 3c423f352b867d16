package org.trawl.source.m3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.trawl.core.ExitCode;
import org.trawl.core.TrawlException;
import org.trawl.internal.Network;
import org.trawl.source.ApiGuard;

/**
 * The M3 calls m3-download made one after another, made concurrent ({@code apiJobs} in flight) and
 * fault tolerant. Base URLs: {@code {site}/anno/v1} and {@code {site}/kb/v1}.
 */
public final class M3Client implements AutoCloseable {
    /** Page size for the fast endpoint; a shorter page is the last. */
    static final int PAGE = 5000;

    private final String site;
    private final AnnoApi anno;
    private final KbApi kb;
    private final ApiGuard guard;
    private final ExecutorService pool;

    public M3Client(String site, int apiJobs, int retries, long baseDelayMs, Network network) {
        this.site = site.endsWith("/") ? site.substring(0, site.length() - 1) : site;
        URI base;
        try {
            base = URI.create(this.site);
            if (base.getScheme() == null || base.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw TrawlException.usage("--m3-url: not an http(s) URL: " + site);
        }
        this.anno = build(URI.create(this.site + "/anno/v1"), AnnoApi.class, network);
        this.kb = build(URI.create(this.site + "/kb/v1"), KbApi.class, network);
        this.guard = new ApiGuard("M3", this.site, "", retries, baseDelayMs, network.refusalMessage(base));
        this.pool = Executors.newFixedThreadPool(Math.max(1, apiJobs), r -> {
            Thread t = new Thread(r, "trawl-m3-api");
            t.setDaemon(true);
            return t;
        });
    }

    private static <T> T build(URI base, Class<T> api, Network network) {
        return network.configure(QuarkusRestClientBuilder.newBuilder(), base)
                .baseUri(base)
                .connectTimeout(15, TimeUnit.SECONDS)
                .readTimeout(120, TimeUnit.SECONDS)
                .build(api);
    }

    /** Every observation with images of one concept, all pages. An unknown concept has none. */
    public List<ObjectNode> conceptImages(String concept) {
        List<ObjectNode> all = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int offset = 0; ; offset += PAGE) {
            int from = offset;
            List<ObjectNode> page =
                    call("fast/concept/images/" + concept, () -> anno.conceptImages(concept, PAGE, from), List.of());
            boolean fresh = false;
            for (ObjectNode o : page) {
                String id = text(o, "observation_uuid");
                if (id == null || seen.add(id)) {
                    all.add(o);
                    fresh = true;
                }
            }
            // a short page is the last; a page of nothing new means the server ignores paging
            if (page.size() < PAGE || !fresh) {
                return all;
            }
        }
    }

    /** The concept and all its descendants from the kb, the concept first. */
    public List<String> withDescendants(String concept) {
        ConceptNode root = call("phylogeny/down/" + concept, () -> kb.down(concept), null);
        if (root == null) {
            throw TrawlException.usage("no concept named '" + concept + "' in the knowledge base at " + site);
        }
        List<String> names = new ArrayList<>();
        names.add(concept);
        root.collect(names);
        return names;
    }

    public ObjectNode imagedMoment(String uuid) {
        return call("imagedmoments/" + uuid, () -> anno.imagedMoment(uuid), null);
    }

    /** The URL of an image reference, or null when M3 does not know it. */
    public String imageUrl(String uuid) {
        ObjectNode ref = call("imagereferences/" + uuid, () -> anno.imageReference(uuid), null);
        return ref == null ? null : text(ref, "url");
    }

    /** Applies {@code f} to every input with the API pool, results in input order. */
    public <T, R> List<R> parallel(List<T> inputs, Function<T, R> f) {
        List<Future<R>> futures = new ArrayList<>(inputs.size());
        for (T in : inputs) {
            futures.add(pool.submit(() -> f.apply(in)));
        }
        List<R> out = new ArrayList<>(inputs.size());
        try {
            for (Future<R> fu : futures) {
                out.add(fu.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrawlException(ExitCode.FATAL, "interrupted");
        } catch (ExecutionException e) {
            futures.forEach(x -> x.cancel(true));
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new TrawlException(ExitCode.FATAL, "M3 API: " + e.getCause(), e.getCause());
        }
        return out;
    }

    /** One guarded GET; 404 gives {@code notFound} (see {@link ApiGuard#call}). */
    private <T> T call(String what, java.util.function.Supplier<T> s, T notFound) {
        return guard.call("GET " + what, s, notFound);
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
