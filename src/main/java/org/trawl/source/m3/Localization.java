package org.trawl.source.m3;

import java.util.Map;

/**
 * One bounding box of localizations.json: an M3 "bounding box" association (pixels, top-left
 * origin) on one image reference, with every image URL of its observation.
 *
 * @param imageReference the image the box is drawn on (lower-case UUID), or null when M3 did not say
 * @param imageUrls      image reference UUID (lower-case) → URL
 */
public record Localization(
        String observationUuid,
        String associationUuid,
        String concept,
        double x,
        double y,
        double width,
        double height,
        String imageReference,
        Map<String, String> imageUrls,
        Map<String, String> extra) {}
