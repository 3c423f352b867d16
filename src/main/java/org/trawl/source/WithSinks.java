package org.trawl.source;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.trawl.image.ImageTransform;
import org.trawl.sink.DatasetSink;

/** A source with more sinks after its own (e.g. a command's --folds); everything else is the source's. */
public final class WithSinks implements MediaSource {
    private final MediaSource source;
    private final Function<Path, DatasetSink> extra;

    private WithSinks(MediaSource source, Function<Path, DatasetSink> extra) {
        this.source = source;
        this.extra = extra;
    }

    /** {@code source} itself when {@code extra} is null. */
    public static MediaSource of(MediaSource source, Function<Path, DatasetSink> extra) {
        return extra == null ? source : new WithSinks(source, extra);
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
        return source.transform();
    }

    @Override
    public int unreadInputs() {
        return source.unreadInputs();
    }

    @Override
    public List<DatasetSink> sinks(Path out) {
        List<DatasetSink> all = new ArrayList<>(source.sinks(out));
        all.add(extra.apply(out));
        return all;
    }

    @Override
    public List<Map<String, Object>> streams() {
        return source.streams();
    }
}
