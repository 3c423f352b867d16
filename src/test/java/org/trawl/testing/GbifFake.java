package org.trawl.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * A GBIF occurrence API on 127.0.0.1 (WireMock) that follows the real contract of apis.md §1 over an
 * in-memory set of occurrences (by default the recorded rgbif pages, media URLs rewritten to this
 * server's /img/): equality filters with repeated keys as OR, {@code a,b} ranges, mediaType,
 * paging with limit clamped to {@link #maxPage}, endOfRecords, count, facets in UPPER_SNAKE with
 * facetLimit/facetOffset/facetMincount, HTTP 400 past offset + limit = 100,000. {@link #scale}
 * makes every occurrence count K times in counts and facets (a 100k-cap fake without 100k records).
 */
public final class GbifFake implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.Set<String> CONTROL = java.util.Set.of(
            "offset", "limit", "facet", "facetLimit", "facetOffset", "facetMincount", "facetMultiselect", "mediaType");

    private final WireMockServer wm;
    public final List<ObjectNode> occurrences = new CopyOnWriteArrayList<>();
    public volatile int maxPage = 300;
    public volatile long scale = 1;
    public final byte[] image = TestImages.jpeg(24, 16, 7);

    private GbifFake() {
        wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().extensions(new Search()));
        wm.start();
        wm.stubFor(get(urlPathEqualTo("/v1/occurrence/search"))
                .atPriority(10)
                .willReturn(aResponse().withTransformers("gbif-search")));
        wm.stubFor(any(urlPathMatching("/img/.*"))
                .atPriority(10)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "image/jpeg")
                        .withBody(image)));
    }

    public static GbifFake start() {
        return new GbifFake();
    }

    public WireMockServer wm() {
        return wm;
    }

    public String api() {
        return "http://127.0.0.1:" + wm.port() + "/v1";
    }

    /** The recorded pages of occ_search_looping_works (750 occurrences of taxonKey 3118771). */
    public GbifFake withRecordedOccurrences() {
        for (int i = 0; i < 3; i++) {
            JsonNode page = readGz("/fixtures/gbif/occ_search_looping_works/00" + i + ".json.gz");
            for (JsonNode occ : page.get("results")) {
                occurrences.add(rewriteMedia((ObjectNode) occ));
            }
        }
        return this;
    }

    /** Media identifiers moved to this server: https://host/path → http://127.0.0.1:port/img/host/path. */
    public ObjectNode rewriteMedia(ObjectNode occ) {
        JsonNode media = occ.get("media");
        if (media != null) {
            for (JsonNode m : media) {
                String id = m.path("identifier").asText(null);
                if (id != null && id.matches("https?://.*")) {
                    ((ObjectNode) m)
                            .put(
                                    "identifier",
                                    "http://127.0.0.1:" + wm.port() + "/img/"
                                            + id.replaceFirst("^https?://", "").replace("?", "_"));
                }
            }
        }
        return occ;
    }

    public static JsonNode readGz(String resource) {
        try (InputStream in = new GZIPInputStream(GbifFake.class.getResourceAsStream(resource))) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String resource(String name) {
        try (InputStream in = GbifFake.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The search requests received, as decoded multimaps, in order. */
    public List<Map<String, List<String>>> searches() {
        List<Map<String, List<String>>> out = new ArrayList<>();
        List<LoggedRequest> all =
                new ArrayList<>(wm.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                        urlPathEqualTo("/v1/occurrence/search"))));
        all.sort(Comparator.comparing(LoggedRequest::getLoggedDate));
        for (LoggedRequest r : all) {
            out.add(query(r.getUrl()));
        }
        return out;
    }

    public static Map<String, List<String>> query(String url) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        String raw = URI.create(url).getRawQuery();
        if (raw == null) {
            return m;
        }
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            m.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return m;
    }

    private boolean matches(ObjectNode occ, Map<String, List<String>> q) {
        for (Map.Entry<String, List<String>> e : q.entrySet()) {
            if (CONTROL.contains(e.getKey())) {
                continue;
            }
            JsonNode f = occ.get(e.getKey());
            if (f == null || f.isNull()) {
                return false;
            }
            String v = f.asText();
            boolean any = false;
            for (String want : e.getValue()) {
                if (want.contains(",")) { // a range, e.g. year=2000,2003
                    String[] ab = want.split(",", 2);
                    double x = Double.parseDouble(v);
                    any |= (ab[0].isEmpty() || x >= Double.parseDouble(ab[0]))
                            && (ab[1].isEmpty() || x <= Double.parseDouble(ab[1]));
                } else {
                    any |= v.equalsIgnoreCase(want);
                }
            }
            if (!any) {
                return false;
            }
        }
        List<String> mt = q.get("mediaType");
        if (mt != null) {
            boolean has = false;
            for (JsonNode m : occ.path("media")) {
                has |= mt.contains(m.path("type").asText());
            }
            return has;
        }
        return true;
    }

    private static String upperSnake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    private static int intParam(Map<String, List<String>> q, String k, int dflt) {
        List<String> v = q.get(k);
        return v == null || v.get(0).isEmpty() ? dflt : Integer.parseInt(v.get(0));
    }

    private ResponseDefinition search(Map<String, List<String>> q) {
        int offset = intParam(q, "offset", 0);
        int requested = intParam(q, "limit", 20);
        if ((long) offset + requested > 100_000) {
            return ResponseDefinitionBuilder.responseDefinition()
                    .withStatus(400)
                    .withHeader("Content-Type", "text/plain")
                    .withBody("Max offset of 100000 exceeded: " + offset + " + " + requested)
                    .build();
        }
        int limit = Math.min(requested, maxPage);
        List<ObjectNode> hits = occurrences.stream().filter(o -> matches(o, q)).toList();
        ObjectNode page = JSON.createObjectNode();
        page.put("offset", offset);
        page.put("limit", limit);
        page.put("endOfRecords", offset + limit >= hits.size());
        page.put("count", hits.size() * scale);
        ArrayNode results = page.putArray("results");
        for (int i = offset; i < Math.min(hits.size(), offset + limit); i++) {
            results.add(hits.get(i));
        }
        ArrayNode facets = page.putArray("facets");
        for (String field : q.getOrDefault("facet", List.of())) {
            Map<String, Long> counts = new LinkedHashMap<>();
            for (ObjectNode o : hits) {
                JsonNode v = o.get(field);
                if (v != null && !v.isNull()) {
                    counts.merge(v.asText(), scale, Long::sum);
                }
            }
            int fl = intParam(q, "facetLimit", 10),
                    fo = intParam(q, "facetOffset", 0),
                    min = intParam(q, "facetMincount", 0);
            ObjectNode f = facets.addObject();
            f.put("field", upperSnake(field));
            ArrayNode c = f.putArray("counts");
            counts.entrySet().stream()
                    .filter(e -> e.getValue() >= min)
                    .sorted(Map.Entry.<String, Long>comparingByValue()
                            .reversed()
                            .thenComparing(Map.Entry.comparingByKey()))
                    .skip(fo)
                    .limit(fl)
                    .forEach(e -> c.addObject().put("name", e.getKey()).put("count", e.getValue()));
        }
        try {
            return ResponseDefinitionBuilder.responseDefinition()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(JSON.writeValueAsString(page))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final class Search implements ResponseDefinitionTransformerV2 {
        @Override
        public ResponseDefinition transform(ServeEvent event) {
            return search(query(event.getRequest().getUrl()));
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return "gbif-search";
        }
    }

    @Override
    public void close() {
        wm.stop();
    }
}
