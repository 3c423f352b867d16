package org.trawl.source;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A source with more sinks after its own (e.g. a command's --folds); everything else is the source's. */
public final class WithSinks extends ForwardingSource {
    private final Function<Path, DatasetSink> extra;

    private WithSinks(MediaSource source, Function<Path, DatasetSink> extra) {
        super(source);
        this.extra = extra;
    }

    /** {@code source} itself when {@code extra} is null. */
    public static MediaSource of(MediaSource source, Function<Path, DatasetSink> extra) {
        return extra == null ? source : new WithSinks(source, extra);
    }

    @Override
    public List<DatasetSink> sinks(Path out) {
        List<DatasetSink> all = new ArrayList<>(source.sinks(out));
        all.add(extra.apply(out));
        return all;
    }
}
