package org.trawl.fetch;

import java.nio.file.Path;
import java.util.Map;
import org.trawl.image.ImageTransform;

/**
 * A body that passed validation and sits at its final path.
 *
 * @param transformed what the request's transform did, or null when there was none
 * @param streamFields what a sound or video header told (duration_s, sample_rate, channels); empty for an image
 */
public record Fetched(
        Path file,
        String sha256,
        long bytes,
        int width,
        int height,
        String mimeType,
        boolean resumed,
        ImageTransform.Result transformed,
        Map<String, String> streamFields) {}
