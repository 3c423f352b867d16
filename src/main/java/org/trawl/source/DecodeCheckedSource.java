package org.trawl.source;

import org.trawl.image.ImageTransform;
import org.trawl.image.codec.DecodeCheck;

/**
 * A source whose images must fully decode ({@code --decode-check}): the decode runs first, on the
 * image as served, then the source's own transform. Everything else is the wrapped source's.
 */
public final class DecodeCheckedSource extends ForwardingSource {

    private DecodeCheckedSource(MediaSource source) {
        super(source);
    }

    /** {@code source} itself when {@code check} is false. */
    public static MediaSource of(MediaSource source, boolean check) {
        return check ? new DecodeCheckedSource(source) : source;
    }

    @Override
    public ImageTransform transform() {
        return new DecodeCheck().andThen(source.transform());
    }
}
