package org.trawl.media;

/** The media families trawl validates, named by GBIF's (Dublin Core's DCMI) type vocabulary. */
public enum MediaFamily {
    STILL_IMAGE("StillImage", "an image"),
    SOUND("Sound", "audio"),
    MOVING_IMAGE("MovingImage", "a video"),
    /**
     * A compressed archive kept as an opaque file (som's image series as .tar.gz), only when a command asks for
     * it: not a --media-type value, and never part of "any".
     */
    ARCHIVE("", "an archive");

    private final String dcmiType;
    private final String noun;

    MediaFamily(String dcmiType, String noun) {
        this.dcmiType = dcmiType;
        this.noun = noun;
    }

    /** GBIF's name: StillImage, Sound, MovingImage (metadata.csv's media_type). */
    public String dcmiType() {
        return dcmiType;
    }

    /** How a failure reason names it: "not an image", "not audio", "not a video". */
    public String noun() {
        return noun;
    }

    /**
     * The family a stored record's content type belongs to, or null when it names none: metadata.csv derives
     * media_type from it, so that checkpoints written before media_type existed give it too.
     */
    public static MediaFamily ofContentType(String contentType) {
        if (contentType == null) {
            return null;
        }
        if (contentType.startsWith("image/") || contentType.equals("application/dicom")) {
            return STILL_IMAGE;
        }
        if (contentType.startsWith("audio/")) {
            return SOUND;
        }
        if (contentType.startsWith("video/")) {
            return MOVING_IMAGE;
        }
        return contentType.equals("application/gzip") ? ARCHIVE : null;
    }
}
