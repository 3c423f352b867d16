package org.trawl.source.fathomnet;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** ABoundingBoxDTO: pixels, top-left origin. */
@JsonIgnoreProperties(ignoreUnknown = true)
@RegisterForReflection
public record FnBox(
        String uuid,
        String concept,
        String altConcept,
        Double x,
        Double y,
        Double width,
        Double height,
        Boolean occluded,
        Boolean truncated,
        Boolean groupOf,
        Boolean rejected) {}
