package org.trawl.source.som;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** The parts of Datastore's runQuery answer trawl reads; property values stay JSON (a tagged union). */
public final class DatastoreDtos {
    private DatastoreDtos() {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RunQueryResponse(Batch batch) {}

    /** @param moreResults NOT_FINISHED, MORE_RESULTS_AFTER_LIMIT, MORE_RESULTS_AFTER_CURSOR or NO_MORE_RESULTS */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Batch(List<EntityResult> entityResults, String endCursor, String moreResults) {
        public List<EntityResult> results() {
            return entityResults == null ? List.of() : entityResults;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record EntityResult(Entity entity) {}

    /** @param key the entity's key as sent (kept as JSON to send back in an ancestor filter) */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entity(JsonNode key, Map<String, JsonNode> properties) {
        public Map<String, JsonNode> props() {
            return properties == null ? Map.of() : properties;
        }
    }
}
