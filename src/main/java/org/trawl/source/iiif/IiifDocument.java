package org.trawl.source.iiif;

import java.util.List;

/**
 * One downloadable IIIF document (a Manifest, or a Sequence, Canvas or info.json given on its own)
 * reduced to what the dataset needs: its descriptive fields and its images in reading order.
 *
 * @param attribution       2.x attribution, or the 3.0 requiredStatement's value
 * @param requiredStatement the 3.0 requiredStatement as "label: value" (2.x: the attribution)
 * @param license           2.x license, or 3.0 rights
 */
record IiifDocument(
        String url,
        String id,
        String type,
        String label,
        String description,
        String attribution,
        String requiredStatement,
        String license,
        List<Image> images) {

    /**
     * One image on a canvas.
     *
     * @param resourceUrl the image resource as published (used when there is no image service)
     * @param service     the best Image API service of the resource, or null
     */
    record Image(String canvasId, String canvasLabel, String resourceUrl, ImageService service) {}
}
