package org.trawl.fetch;

import java.nio.file.Path;
import org.trawl.image.ImageTransform;

/**
 * A body that passed validation and sits at its final path.
 *
 * @param transformed what the request's transform did, or null when there was none
 */
public record Fetched(
        Path file,
        String sha256,
        long bytes,
        int width,
        int height,
        String mimeType,
        boolean resumed,
        ImageTransform.Result transformed) {}
