package org.trawl.source.fathomnet;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** AImageDTO, the fields trawl uses. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FnImage(String uuid, String url, Integer width, Integer height, String imagingType, Double depthMeters,
        Double latitude, Double longitude, String timestamp, String sha256, String mediaType,
        List<FnBox> boundingBoxes) {

    public FnImage {
        boundingBoxes = boundingBoxes == null ? List.of() : boundingBoxes;
    }
}
