package org.trawl.source.gbif;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * One answer of {@code /occurrence/search}. Occurrences stay JSON objects: {@code --label} may name
 * any occurrence field, so no fixed DTO could hold them all.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record SearchPage(
        long offset, int limit, boolean endOfRecords, long count, List<ObjectNode> results, List<Facet> facets) {

    public SearchPage {
        results = results == null ? List.of() : results;
        facets = facets == null ? List.of() : facets;
    }

    /** {@code {"field":"YEAR","counts":[{"name":"2024","count":326161490}]}} (field in UPPER_SNAKE). */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Facet(String field, List<FacetCount> counts) {
        public Facet {
            counts = counts == null ? List.of() : counts;
        }
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FacetCount(String name, long count) {}
}
