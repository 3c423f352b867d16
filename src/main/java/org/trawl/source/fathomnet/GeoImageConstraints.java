package org.trawl.source.fathomnet;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** The body of POST /images/query; absent fields are not sent. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record GeoImageConstraints(
        String concept,
        String contributorsEmail,
        String startTimestamp,
        String endTimestamp,
        List<String> imagingTypes,
        Double minLongitude,
        Double maxLongitude,
        Double minLatitude,
        Double maxLatitude,
        Double minDepth,
        Double maxDepth,
        Boolean includeUnverified,
        Boolean includeVerified,
        Integer limit,
        Integer offset) {

    public GeoImageConstraints page(String forConcept, int size, int from) {
        return new GeoImageConstraints(
                forConcept,
                contributorsEmail,
                startTimestamp,
                endTimestamp,
                imagingTypes,
                minLongitude,
                maxLongitude,
                minLatitude,
                maxLatitude,
                minDepth,
                maxDepth,
                includeUnverified,
                includeVerified,
                size,
                from);
    }
}
