package org.trawl.core;

import java.util.Map;

/**
 * Extra headers for an image request, asked for on every attempt so a token can be refreshed
 * between retries. Kept out of MediaItem on purpose: items go to the checkpoint, secrets must not.
 */
@FunctionalInterface
public interface RequestHeaders {
    RequestHeaders NONE = url -> Map.of();

    Map<String, String> forUrl(String url);
}
