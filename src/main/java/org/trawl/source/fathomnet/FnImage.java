package org.trawl.source.fathomnet;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** AImageDTO, the fields trawl uses. */
@JsonIgnoreProperties(ignoreUnknown = true)
@RegisterForReflection
public record FnImage(
        String uuid,
        String url,
        Integer width,
        Integer height,
        String imagingType,
        Double depthMeters,
        Double latitude,
        Double longitude,
        String timestamp,
        String sha256,
        String mediaType,
        List<FnBox> boundingBoxes) {

    public FnImage {
        boundingBoxes = boundingBoxes == null ? List.of() : boundingBoxes;
    }
}
