package org.trawl.core;

import java.util.Map;

/**
 * One annotated region of an image, in the source image's pixels: origin top-left, x to the right,
 * y down, continuous 0-based coordinates (a box covering the whole W×H image is 0,0,W,H).
 * Exporters convert to each format's convention (VOC's 1-based corners, YOLO's normalised centres).
 *
 * @param id     the source's id for the box (e.g. an M3 observation UUID), or null
 * @param fields the source's own attributes of the box (observer, group, ...)
 */
public record Box(
        String label, double x, double y, double width, double height, String id, Map<String, String> fields) {
    public Box {
        fields = fields == null ? Map.of() : fields;
    }

    public Box(String label, double x, double y, double width, double height) {
        this(label, x, y, width, height, null, Map.of());
    }
}
