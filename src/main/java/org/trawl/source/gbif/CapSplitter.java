package org.trawl.source.gbif;

import java.util.ArrayList;
import java.util.List;
import org.trawl.core.TrawlException;

/**
 * The search API serves no record past offset + limit = 100,000. A query that matches more is cut
 * into parts by facet counts so every record is reachable: by datasetKey (every record has one),
 * then year, month, country, basisOfRecord for a part still too large. A field is used only if its
 * facet counts add up to the part's count (a record without a year would otherwise be lost); if no
 * field can cut a part, the run stops with a message that points to {@code trawl gbif request}.
 * gbif-dl paged on silently and lost everything past the cap.
 */
public final class CapSplitter {
    static final List<String> FIELDS = List.of("datasetKey", "year", "month", "country", "basisOfRecord");

    /** A query whose matches the search API can page through, and how many it matches. */
    public record Part(Query query, long count) {}

    private CapSplitter() {}

    public static List<Part> split(GbifClient client, Query q, long count, long cap) {
        List<Part> parts = new ArrayList<>();
        split(client, q, count, cap, 0, parts);
        return parts;
    }

    private static void split(GbifClient client, Query q, long count, long cap, int from, List<Part> parts) {
        if (count <= cap) {
            parts.add(new Part(q, count));
            return;
        }
        for (int i = from; i < FIELDS.size(); i++) {
            String field = FIELDS.get(i);
            if (q.values(field).size() == 1 && !q.values(field).get(0).contains(",")) {
                continue; // already one value: facets cannot cut it finer
            }
            List<SearchPage.FacetCount> facets = client.facet(q, field);
            long sum = facets.stream().mapToLong(SearchPage.FacetCount::count).sum();
            if (facets.size() < 2 || sum != count) {
                continue;
            }
            for (SearchPage.FacetCount f : facets) {
                split(client, q.with(field, f.name()), f.count(), cap, i + 1, parts);
            }
            return;
        }
        throw TrawlException.usage("the search " + q + " matches " + count + " records and the GBIF search API "
                + "stops at " + cap + "; it could not be split by "
                + String.join(", ", FIELDS.subList(from, FIELDS.size()))
                + " facets into parts below that. Narrow the query, or use `trawl gbif request` (the download API "
                + "has no such cap) and `trawl gbif dwca` on the archive.");
    }
}
