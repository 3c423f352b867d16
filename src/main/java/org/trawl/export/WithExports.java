package org.trawl.export;

import java.util.List;
import org.trawl.source.MediaSource;
import org.trawl.source.WithSinks;

/** The annotation exports added to a source's own sinks (--export). */
public final class WithExports {
    private WithExports() {
    }

    /** {@code source} itself when no format is asked for. */
    public static MediaSource wrap(MediaSource source, List<ExportFormat> formats, boolean vocOneBased) {
        List<ExportFormat> asked = List.copyOf(formats);
        return asked.isEmpty() ? source : WithSinks.of(source, out -> new ExportSink(out, asked, vocOneBased));
    }
}
