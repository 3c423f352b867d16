package org.trawl.source.gbif;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import org.trawl.core.MediaItem;
import org.trawl.internal.Hashes;
import org.trawl.source.FilteredMedia;

/**
 * Turns one occurrence into media items: only media of the wanted type, with a URL and (with
 * {@code --license}) an accepted licence are candidates, then one of them is chosen (seeded by the
 * occurrence id, so the same one on every run and whatever the page order) or all of them.
 * gbif-dl drew with an unseeded {@code random.choice} among all media first, so it could pick a Sound
 * or a media without URL and lose an occurrence that had a usable image.
 */
public final class MediaPicker {
    /** Occurrence fields carried into metadata.csv: ids, provenance, the taxon keys and names. */
    public static final List<String> OCCURRENCE_FIELDS = List.of(
            "gbifID",
            "datasetKey",
            "taxonKey",
            "scientificName",
            "acceptedTaxonKey",
            "kingdomKey",
            "kingdom",
            "phylumKey",
            "phylum",
            "classKey",
            "class",
            "orderKey",
            "order",
            "familyKey",
            "family",
            "genusKey",
            "genus",
            "speciesKey",
            "species",
            "taxonRank");

    private final String label;
    private final String mediaType;
    private final boolean allMedia;
    private final Licenses.Filter licenses;
    private final long seed;
    private long withoutLabel;
    private long withoutMedia;
    /** The media a filter refused, in the order met (kept for filtered.csv: bounded by the pages read). */
    private final List<FilteredMedia> filtered = new ArrayList<>();

    private BiConsumer<String, String> onCandidate = (url, label) -> {};

    public MediaPicker(String label, String mediaType, boolean allMedia, Licenses.Filter licenses, long seed) {
        this.label = label;
        this.mediaType = mediaType;
        this.allMedia = allMedia;
        this.licenses = licenses;
        this.seed = seed;
    }

    /**
     * Tells {@code listener} the URL and the label (null without --label) of every candidate media of each
     * occurrence read, picked or not: --shared-labels judges an image by every occurrence that carries it.
     */
    public MediaPicker onCandidate(BiConsumer<String, String> listener) {
        this.onCandidate = listener;
        return this;
    }

    public long withoutLabel() {
        return withoutLabel;
    }

    public long withoutMedia() {
        return withoutMedia;
    }

    /** The media --media-type or --license refused among the occurrences read so far. */
    public List<FilteredMedia> filtered() {
        return filtered;
    }

    public List<MediaItem> items(ObjectNode occ) {
        String labelValue = null;
        if (label != null) {
            labelValue = text(occ.get(label));
            if (labelValue == null) {
                withoutLabel++; // gbif-dl labelled these "None"
                return List.of();
            }
        }
        List<JsonNode> candidates = new ArrayList<>();
        JsonNode media = occ.get("media");
        if (media != null && media.isArray()) {
            for (JsonNode m : media) {
                if (accepts(m, occ, labelValue)) {
                    candidates.add(m);
                }
            }
        }
        if (candidates.isEmpty()) {
            withoutMedia++;
            return List.of();
        }
        for (JsonNode m : candidates) {
            onCandidate.accept(text(m.get("identifier")), labelValue);
        }
        String id = text(occ.get("gbifID"));
        if (id == null) {
            id = text(occ.get("key"));
        }
        if (!allMedia) {
            int pick = (int) Math.floor(Hashes.unitInterval(seed, "media:" + id) * candidates.size());
            candidates = List.of(candidates.get(Math.min(pick, candidates.size() - 1)));
        }
        List<MediaItem> out = new ArrayList<>(candidates.size());
        for (JsonNode m : candidates) {
            out.add(item(occ, m, id, labelValue));
        }
        return out;
    }

    private boolean accepts(JsonNode m, ObjectNode occ, String labelValue) {
        String url = text(m.get("identifier"));
        if (url == null || !url.toLowerCase(Locale.ROOT).matches("^https?://.+")) {
            return false;
        }
        String type = text(m.get("type"));
        if (mediaType != null && type != null && !type.equalsIgnoreCase(mediaType)) {
            filtered.add(new FilteredMedia(url, orEmpty(labelValue), FilteredMedia.MEDIA_TYPE, type));
            return false;
        }
        if (licenses != null) {
            String licence = effectiveLicense(m, occ);
            if (!licenses.accepts(licence)) {
                filtered.add(new FilteredMedia(url, orEmpty(labelValue), FilteredMedia.LICENSE, orEmpty(licence)));
                return false;
            }
        }
        return true;
    }

    /** The image's own licence; the occurrence's only when the media says nothing. */
    static String effectiveLicense(JsonNode m, JsonNode occ) {
        String l = text(m.get("license"));
        return l != null ? l : text(occ.get("license"));
    }

    private MediaItem item(ObjectNode occ, JsonNode m, String id, String labelValue) {
        String url = text(m.get("identifier"));
        Map<String, String> f = new LinkedHashMap<>();
        for (String k : OCCURRENCE_FIELDS) {
            f.put(k, orEmpty(text(occ.get(k))));
        }
        if (label != null && !f.containsKey(label)) {
            f.put(label, labelValue);
        }
        f.put("publisher", orEmpty(text(m.get("publisher"))));
        f.put("occurrenceLicense", orEmpty(text(occ.get("license"))));
        f.put("mediaType", orEmpty(text(m.get("type"))));
        f.put("format", orEmpty(text(m.get("format"))));
        f.put("creator", orEmpty(text(m.get("creator"))));
        f.put("references", orEmpty(text(m.get("references"))));
        String rights = text(m.get("rightsHolder"));
        if (rights == null) {
            rights = text(m.get("creator")); // gbif-dl's fallback
        }
        return new MediaItem(url, labelValue, null, "gbif", id, effectiveLicense(m, occ), rights, f);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** A field as text: numbers without quotes, arrays/objects as JSON; null, missing or blank is null. */
    static String text(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        String s = n.isValueNode() ? n.asText() : n.toString();
        return s.isBlank() ? null : s;
    }
}
