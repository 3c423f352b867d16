package org.trawl.source.fathomnet;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.trawl.core.TrawlException;
import org.trawl.internal.Network;
import org.trawl.source.ApiGuard;

/** FathomNet queries with retries; pages of 100 as fathomnet-generate asked for. */
public final class FathomNetClient {
    static final int PAGE = 100;
    private final String site;
    private final FathomNetApi api;
    private final ApiGuard guard;

    public FathomNetClient(String site, int retries, long baseDelayMs, Network network) {
        this.site = site.endsWith("/") ? site.substring(0, site.length() - 1) : site;
        URI base;
        try {
            base = URI.create(this.site + "/api");
            if (base.getScheme() == null || base.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw TrawlException.usage("--fathomnet-api: not an http(s) URL: " + site);
        }
        this.api = network.configure(QuarkusRestClientBuilder.newBuilder(), base)
                .baseUri(base)
                .connectTimeout(15, TimeUnit.SECONDS)
                .readTimeout(120, TimeUnit.SECONDS)
                .build(FathomNetApi.class);
        this.guard = new ApiGuard(
                "FathomNet", this.site, ": check the filters", retries, baseDelayMs, network.refusalMessage(base));
    }

    /** Every image of one concept (null: of any concept) under the constraints, all pages. */
    public List<FnImage> images(String concept, GeoImageConstraints c) {
        List<FnImage> all = new ArrayList<>();
        for (int offset = 0; ; offset += PAGE) {
            GeoImageConstraints page = c.page(concept, PAGE, offset);
            List<FnImage> got = call(
                    "POST images/query (" + (concept == null ? "any concept" : concept) + ")",
                    () -> api.query(page),
                    List.of());
            all.addAll(got);
            if (got.size() < PAGE) {
                return all;
            }
        }
    }

    /** The concept and its descendants in a taxonomy provider, the concept first. */
    public List<String> withDescendants(String provider, String concept) {
        List<FnTaxon> taxa = call("taxa/query/" + provider + "/" + concept, () -> api.taxa(provider, concept), null);
        if (taxa == null) {
            throw TrawlException.usage(
                    "FathomNet knows no concept '" + concept + "' in taxonomy provider '" + provider + "'");
        }
        LinkedHashSet<String> names = new LinkedHashSet<>();
        names.add(concept);
        for (FnTaxon t : taxa) {
            if (t.name() != null) {
                names.add(t.name());
            }
        }
        return new ArrayList<>(names);
    }

    private <T> T call(String what, Supplier<T> s, T notFound) {
        return guard.call(what, s, notFound);
    }
}
