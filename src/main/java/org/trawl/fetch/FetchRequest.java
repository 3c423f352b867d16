package org.trawl.fetch;

import java.nio.file.Path;
import java.util.Map;
import org.trawl.core.Checksum;
import org.trawl.image.ImageTransform;
import org.trawl.media.MediaFilter;

/**
 * One attempt's instructions: fetch url into dir as stem.&lt;ext&gt;.
 *
 * @param headers   extra request headers for this attempt (credentials; never logged or stored)
 * @param checksum  a digest the source expects, or null
 * @param transform a rewrite before the rename, or null
 * @param host      the host whose --per-host slots the transfer counts against (the URL's, as planned)
 * @param media     the media families a body may be (--media-type); another is refused
 */
public record FetchRequest(
        String url,
        Path dir,
        String stem,
        Map<String, String> headers,
        Checksum checksum,
        ImageTransform transform,
        String host,
        MediaFilter media) {

    public FetchRequest {
        headers = headers == null ? Map.of() : headers;
        java.util.Objects.requireNonNull(host, "host");
        media = media == null ? MediaFilter.STILL_IMAGE : media;
    }

    /** A request for an image. */
    public FetchRequest(
            String url,
            Path dir,
            String stem,
            Map<String, String> headers,
            Checksum checksum,
            ImageTransform transform,
            String host) {
        this(url, dir, stem, headers, checksum, transform, host, MediaFilter.STILL_IMAGE);
    }
}
