package org.trawl.export;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.trawl.image.ImageTransform;
import org.trawl.sink.DatasetSink;
import org.trawl.source.CloseableIterator;
import org.trawl.source.MediaItem;
import org.trawl.source.MediaSource;
import org.trawl.source.RequestHeaders;

/** A source with the annotation exports added to its own sinks; everything else is the source's. */
public final class WithExports implements MediaSource {
    private final MediaSource source;
    private final List<ExportFormat> formats;
    private final boolean vocOneBased;

    public WithExports(MediaSource source, List<ExportFormat> formats, boolean vocOneBased) {
        this.source = source;
        this.formats = List.copyOf(formats);
        this.vocOneBased = vocOneBased;
    }

    public static MediaSource wrap(MediaSource source, List<ExportFormat> formats, boolean vocOneBased) {
        return formats.isEmpty() ? source : new WithExports(source, formats, vocOneBased);
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
    public List<DatasetSink> sinks(Path out) {
        List<DatasetSink> all = new ArrayList<>(source.sinks(out));
        all.add(new ExportSink(out, formats, vocOneBased));
        return all;
    }
}
