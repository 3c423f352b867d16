package org.trawl.source.fathomnet;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** ABoundingBoxDTO: pixels, top-left origin. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FnBox(String uuid, String concept, String altConcept, Double x, Double y, Double width, Double height,
        Boolean occluded, Boolean truncated, Boolean groupOf, Boolean rejected) {
}
