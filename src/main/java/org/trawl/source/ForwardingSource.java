package org.trawl.source;

import java.nio.file.Path;
import java.util.List;
import org.trawl.core.CloseableIterator;
import org.trawl.core.MediaItem;
import org.trawl.core.RequestFallback;
import org.trawl.core.RequestHeaders;
import org.trawl.image.ImageTransform;
import org.trawl.media.MediaFilter;

/**
 * A source that hands every call to another one; wrappers (--decode-check, --folds, --export) extend it
 * and override only what they add. One class forwards everything, so a method added to
 * {@link MediaSource} later cannot be silently dropped by a wrapper that predates it.
 */
public abstract class ForwardingSource implements MediaSource {
    protected final MediaSource source;

    protected ForwardingSource(MediaSource source) {
        this.source = source;
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
    public RequestFallback requestFallback() {
        return source.requestFallback();
    }

    @Override
    public ImageTransform transform() {
        return source.transform();
    }

    @Override
    public MediaFilter media() {
        return source.media();
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
    public boolean derived(MediaItem item) {
        return source.derived(item);
    }

    @Override
    public void afterFetch(AfterFetch run) {
        source.afterFetch(run);
    }

    @Override
    public List<StreamSummary> streams() {
        return source.streams();
    }

    @Override
    public List<SharedMedia> sharedAcrossLabels() {
        return source.sharedAcrossLabels();
    }

    @Override
    public Iterable<FilteredMedia> filtered() {
        return source.filtered();
    }
}
