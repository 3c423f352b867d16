package org.trawl.source;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.trawl.image.ImageTransform;
import org.trawl.image.codec.DecodeCheck;
import org.trawl.sink.DatasetSink;

/**
 * A source whose images must fully decode ({@code --decode-check}): the decode runs first, on the
 * image as served, then the source's own transform. Everything else is the wrapped source's.
 */
public final class DecodeCheckedSource implements MediaSource {
    private final MediaSource source;

    private DecodeCheckedSource(MediaSource source) {
        this.source = source;
    }

    /** {@code source} itself when {@code check} is false. */
    public static MediaSource of(MediaSource source, boolean check) {
        return check ? new DecodeCheckedSource(source) : source;
    }

    @Override
    public CloseableIterator<MediaItem> items() {
        return source.items();
    }

    @Override
    public RequestHeaders requestHeaders() {
        return source.requestHeaders();
    }

    @Override
    public ImageTransform transform() {
        return new DecodeCheck().andThen(source.transform());
    }

    @Override
    public int unreadInputs() {
        return source.unreadInputs();
    }

    @Override
    public List<DatasetSink> sinks(Path out) {
        return source.sinks(out);
    }

    @Override
    public List<Map<String, Object>> streams() {
        return source.streams();
    }
}
