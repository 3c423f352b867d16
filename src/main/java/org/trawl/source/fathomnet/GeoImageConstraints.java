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
        List<String> ownerInstitutionCodes,
        Integer limit,
        Integer offset) {

    /** Whether anything but the concept narrows the query (a query without a concept needs a filter). */
    public boolean filters() {
        return contributorsEmail != null
                || startTimestamp != null
                || endTimestamp != null
                || imagingTypes != null && !imagingTypes.isEmpty()
                || minLongitude != null
                || maxLongitude != null
                || minLatitude != null
                || maxLatitude != null
                || minDepth != null
                || maxDepth != null
                || ownerInstitutionCodes != null && !ownerInstitutionCodes.isEmpty();
    }

    /** @param forConcept the concept, or null for the images of any concept under the other filters */
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
                ownerInstitutionCodes,
                size,
                from);
    }
}
