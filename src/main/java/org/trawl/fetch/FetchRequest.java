package org.trawl.fetch;

import java.nio.file.Path;
import java.util.Map;
import org.trawl.core.Checksum;
import org.trawl.image.ImageTransform;

/**
 * One attempt's instructions: fetch url into dir as stem.&lt;ext&gt;.
 *
 * @param headers   extra request headers for this attempt (credentials; never logged or stored)
 * @param checksum  a digest the source expects, or null
 * @param transform a rewrite before the rename, or null
 * @param host      the host whose --per-host slots the transfer counts against (the URL's, as planned)
 */
public record FetchRequest(
        String url,
        Path dir,
        String stem,
        Map<String, String> headers,
        Checksum checksum,
        ImageTransform transform,
        String host) {

    public FetchRequest {
        headers = headers == null ? Map.of() : headers;
        java.util.Objects.requireNonNull(host, "host");
    }
}
