package org.trawl.fetch;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.trawl.internal.Json;

/**
 * The sidecar ({@code <stem>.part.json}) that lets a large interrupted body resume with HTTP Range:
 * which URL the {@code .part} belongs to and the validators (ETag, Last-Modified) that prove the
 * server still has the same bytes. Written only for bodies worth resuming.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PartialDownload(String url, String etag, String lastModified, long length) {
    /** Bodies smaller than this are simply fetched again. */
    public static final long MIN_RESUMABLE = 1 << 20;

    public static Path sidecar(Path part) {
        return part.resolveSibling(part.getFileName() + ".json");
    }

    /** The validator to send as If-Range: a strong ETag if there is one, else Last-Modified. */
    public String ifRange() {
        return etag != null && !etag.startsWith("W/") ? etag : lastModified;
    }

    public void write(Path part) throws IOException {
        Files.write(sidecar(part), Json.MAPPER.writeValueAsBytes(this));
    }

    /** The resumable state for url at part, or null if there is none worth trusting. */
    public static PartialDownload read(Path part, String url) {
        Path side = sidecar(part);
        try {
            if (!Files.exists(side) || !Files.exists(part)) {
                return null;
            }
            PartialDownload p = Json.MAPPER.readValue(side.toFile(), PartialDownload.class);
            return url.equals(p.url()) && p.ifRange() != null ? p : null;
        } catch (IOException e) {
            return null;
        }
    }

    public static void discard(Path part) {
        try {
            Files.deleteIfExists(part);
            Files.deleteIfExists(sidecar(part));
        } catch (IOException ignored) {
            // a stale .part is overwritten by the next attempt anyway
        }
    }
}
