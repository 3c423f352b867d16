package org.trawl.source;

import java.util.Map;

/**
 * One image a source found: where it is, what it shows, under which licence, and the source's own
 * fields (carried into metadata.csv). Sources yield these lazily and never download images.
 *
 * @param basename a file name stem chosen by the source, or null for sha1(url)
 */
public record MediaItem(
        String url,
        String label,
        String basename,
        String source,
        String sourceId,
        String license,
        String rightsHolder,
        Map<String, String> fields) {

    public MediaItem {
        fields = fields == null ? Map.of() : fields;
    }

    public static MediaItem of(String url, String label) {
        return new MediaItem(url, label, null, null, null, null, null, Map.of());
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
