package org.trawl.media;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The families a run keeps ({@code --media-type}): one of them, or any. A body of another family is refused
 * with a reason that names both, e.g. "not audio: JPEG image".
 */
public final class MediaFilter {
    /** The default of every downloading command. */
    public static final MediaFilter STILL_IMAGE = new MediaFilter(EnumSet.of(MediaFamily.STILL_IMAGE));

    /** The families --media-type names (an archive is kept only on a command's own request). */
    private static final Set<MediaFamily> MEDIA =
            EnumSet.of(MediaFamily.STILL_IMAGE, MediaFamily.SOUND, MediaFamily.MOVING_IMAGE);

    public static final MediaFilter ANY = new MediaFilter(MEDIA);

    /** The values --media-type takes, in help order. */
    public static final List<String> VALUES = List.of("StillImage", "Sound", "MovingImage", "any");

    private final Set<MediaFamily> families;

    private MediaFilter(Set<MediaFamily> families) {
        this.families = families;
    }

    public static MediaFilter of(MediaFamily family) {
        return family == MediaFamily.STILL_IMAGE ? STILL_IMAGE : new MediaFilter(EnumSet.of(family));
    }

    /** Parses a --media-type value, case-insensitively; IllegalArgumentException names the accepted ones. */
    public static MediaFilter parse(String value) {
        String v = value == null ? "" : value.strip();
        if (v.equalsIgnoreCase("any")) {
            return ANY;
        }
        return MEDIA.stream()
                .filter(f -> f.dcmiType().equalsIgnoreCase(v))
                .findFirst()
                .map(MediaFilter::of)
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown type '" + value + "' (one of " + String.join(", ", VALUES) + ")"));
    }

    public boolean accepts(MediaFamily family) {
        return families.contains(family);
    }

    public boolean isAny() {
        return families.containsAll(MEDIA);
    }

    /** These families, and gzip-compressed tar archives as opaque files (som get --series-archives). */
    public MediaFilter withArchives() {
        EnumSet<MediaFamily> more = EnumSet.copyOf(families);
        more.add(MediaFamily.ARCHIVE);
        return new MediaFilter(more);
    }

    /** The one family kept, or null for any. */
    public MediaFamily single() {
        return isAny() ? null : families.iterator().next();
    }

    /** The DCMI types kept (GBIF's mediaType values), in declaration order. */
    public List<String> dcmiTypes() {
        return families.stream()
                .filter(MEDIA::contains)
                .map(MediaFamily::dcmiType)
                .toList();
    }

    /** The start of a refusal: "not an image", "not audio", "not a video", "not a known media file". */
    public String refusal() {
        return "not " + (isAny() ? "a known media file" : single().noun());
    }

    /** The Accept header asked with: the family's own types first, anything else tolerated. */
    public String acceptHeader() {
        if (isAny()) {
            return "image/*,audio/*,video/*,*/*;q=0.5";
        }
        return switch (single()) {
            case SOUND -> "audio/*,*/*;q=0.5";
            case MOVING_IMAGE -> "video/*,*/*;q=0.5";
            default -> "image/*,*/*;q=0.5";
        };
    }

    @Override
    public String toString() {
        return isAny() ? "any" : single().dcmiType();
    }
}
