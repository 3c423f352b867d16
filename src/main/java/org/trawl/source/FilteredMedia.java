package org.trawl.source;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A media file the source met but left out of the plan because a filter the user chose refuses it (its
 * licence under {@code --license}, its type under {@code --media-type}), listed in filtered.csv and counted
 * by the card and the report: a dataset says what it does not hold, and why.
 *
 * @param url    the media URL
 * @param label  the label it would have had (empty when none was read)
 * @param reason {@link #LICENSE} or {@link #MEDIA_TYPE}
 * @param value  what the filter refused: the licence or the media type as the source gave it
 */
@RegisterForReflection // read back from the gbif search cache file by Jackson
public record FilteredMedia(String url, String label, String reason, String value) {
    public static final String LICENSE = "license";
    public static final String MEDIA_TYPE = "media_type";
}
