package org.trawl.export;

import java.nio.file.Path;
import java.util.List;
import org.trawl.core.Box;

/**
 * One image as the exporters see it: where it is, its real size, its subset, and its boxes already
 * in the pixels of the file on disk (scaled and oriented like the pixels when a transform ran).
 *
 * @param path     the image path relative to the export root, with forward slashes
 * @param file     the image file
 * @param subset   the subset, or null when the dataset has no split
 * @param label    the item's label, used for a box without its own label
 * @param sourceId the source's id of the image (e.g. an M3 image reference UUID), or null
 * @param rightsHolder who to credit under the licence (metadata.csv's rights_holder), or null
 */
public record ExportImage(
        String path,
        Path file,
        int width,
        int height,
        String subset,
        String label,
        String url,
        String source,
        String sourceId,
        String license,
        String rightsHolder,
        String sha256,
        List<Box> boxes) {

    public ExportImage {
        boxes = boxes == null ? List.of() : List.copyOf(boxes);
    }

    /** An image without a known rights holder. */
    public ExportImage(
            String path,
            Path file,
            int width,
            int height,
            String subset,
            String label,
            String url,
            String source,
            String sourceId,
            String license,
            String sha256,
            List<Box> boxes) {
        this(path, file, width, height, subset, label, url, source, sourceId, license, null, sha256, boxes);
    }

    /** The subset name files are grouped by: "all" when the dataset has no split. */
    public String group() {
        return subset == null || subset.isEmpty() ? "all" : subset;
    }

    /** A box's class name: its own label, or the image's. */
    public String labelOf(Box b) {
        return b.label() != null && !b.label().isEmpty() ? b.label() : (label == null ? "" : label);
    }

    /** The file name without folders. */
    public String fileName() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    /** The path without its extension. */
    public String stemPath() {
        int dot = path.lastIndexOf('.');
        return dot > path.lastIndexOf('/') ? path.substring(0, dot) : path;
    }
}
