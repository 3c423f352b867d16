package org.trawl.source;

import org.trawl.media.MediaFilter;

/** A source whose bodies may be of the families --media-type names; everything else is the wrapped source's. */
public final class MediaTypedSource extends ForwardingSource {
    private final MediaFilter media;

    private MediaTypedSource(MediaSource source, MediaFilter media) {
        super(source);
        this.media = media;
    }

    /** {@code source} itself when it already keeps these families. */
    public static MediaSource of(MediaSource source, MediaFilter media) {
        return media == null || media == source.media() ? source : new MediaTypedSource(source, media);
    }

    @Override
    public MediaFilter media() {
        return media;
    }
}
