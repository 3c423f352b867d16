package org.trawl.core;

import java.util.List;
import java.util.Map;

/**
 * One image a source found: where it is, what it shows, under which licence, and the source's own
 * fields (carried into metadata.csv). Sources yield these lazily and never download images.
 *
 * @param basename a file name stem chosen by the source, or null for sha1(url)
 * @param path     a relative path without extension chosen by the source for its tool's layout
 *                 (e.g. "manifest-title/0001"), or null for [label/]basename; sanitised per segment
 * @param checksum a digest the source knows, verified while downloading, or null
 * @param boxes    annotated regions, for the detection exports; empty when the source has none
 * @param subset   the subset the source itself assigns (gbif's --subset-streams: a whole stream to one
 *                 subset), or null to leave it to --split; sanitised like a label
 * @param bytes    the file's size in bytes as the source states it before any download (a Cloud Storage
 *                 object's size), or null when the source does not say; only the --dry-run estimate reads it
 */
public record MediaItem(
        String url,
        String label,
        String basename,
        String source,
        String sourceId,
        String license,
        String rightsHolder,
        Map<String, String> fields,
        String path,
        Checksum checksum,
        List<Box> boxes,
        String subset,
        Long bytes) {

    public MediaItem {
        fields = fields == null ? Map.of() : fields;
        boxes = boxes == null ? List.of() : boxes;
    }

    public MediaItem(
            String url,
            String label,
            String basename,
            String source,
            String sourceId,
            String license,
            String rightsHolder,
            Map<String, String> fields) {
        this(url, label, basename, source, sourceId, license, rightsHolder, fields, null, null, List.of(), null, null);
    }

    /** Every attribute but the size the source states. */
    public MediaItem(
            String url,
            String label,
            String basename,
            String source,
            String sourceId,
            String license,
            String rightsHolder,
            Map<String, String> fields,
            String path,
            Checksum checksum,
            List<Box> boxes,
            String subset) {
        this(
                url,
                label,
                basename,
                source,
                sourceId,
                license,
                rightsHolder,
                fields,
                path,
                checksum,
                boxes,
                subset,
                null);
    }

    /** Every attribute but a source-assigned subset (most sources leave subsets to --split). */
    public MediaItem(
            String url,
            String label,
            String basename,
            String source,
            String sourceId,
            String license,
            String rightsHolder,
            Map<String, String> fields,
            String path,
            Checksum checksum,
            List<Box> boxes) {
        this(url, label, basename, source, sourceId, license, rightsHolder, fields, path, checksum, boxes, null, null);
    }

    public static MediaItem of(String url, String label) {
        return new MediaItem(url, label, null, null, null, null, null, Map.of());
    }

    public MediaItem withPath(String relativePath) {
        return new MediaItem(
                url,
                label,
                basename,
                source,
                sourceId,
                license,
                rightsHolder,
                fields,
                relativePath,
                checksum,
                boxes,
                subset,
                bytes);
    }

    public MediaItem withChecksum(Checksum expected) {
        return new MediaItem(
                url,
                label,
                basename,
                source,
                sourceId,
                license,
                rightsHolder,
                fields,
                path,
                expected,
                boxes,
                subset,
                bytes);
    }

    public MediaItem withBoxes(List<Box> regions) {
        return new MediaItem(
                url,
                label,
                basename,
                source,
                sourceId,
                license,
                rightsHolder,
                fields,
                path,
                checksum,
                regions,
                subset,
                bytes);
    }

    public MediaItem withSubset(String name) {
        return new MediaItem(
                url,
                label,
                basename,
                source,
                sourceId,
                license,
                rightsHolder,
                fields,
                path,
                checksum,
                boxes,
                name,
                bytes);
    }

    /** The same item with the size its source states (null: unknown). */
    public MediaItem withBytes(Long size) {
        return new MediaItem(
                url,
                label,
                basename,
                source,
                sourceId,
                license,
                rightsHolder,
                fields,
                path,
                checksum,
                boxes,
                subset,
                size);
    }

    /** A value by name: the item's own attributes first, then the source's fields. */
    public String field(String name) {
        return switch (name) {
            case "url" -> url;
            case "label" -> label;
            case "basename" -> basename;
            case "source_id", "sourceId" -> sourceId;
            case "license" -> license;
            case "rights_holder", "rightsHolder" -> rightsHolder;
            default -> fields.get(name);
        };
    }
}
