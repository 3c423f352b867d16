package org.trawl.fetch;

import java.nio.file.Path;

/** A body that passed validation and sits at its final path. */
public record Fetched(Path file, String sha256, long bytes, int width, int height, String mimeType, boolean resumed) {
}
