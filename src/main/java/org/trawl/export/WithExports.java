package org.trawl.export;

import java.util.List;
import org.trawl.source.MediaSource;
import org.trawl.source.WithSinks;

/** The annotation exports added to a source's own sinks (--export). */
public final class WithExports {
    private WithExports() {}

    /** {@code source} itself when no format is asked for. */
    public static MediaSource wrap(MediaSource source, List<ExportFormat> formats, boolean vocOneBased) {
        return wrap(source, formats, vocOneBased, WebDatasetExporter.Limits.DEFAULT);
    }

    /** {@code source} itself when no format is asked for; {@code wds} sizes the WebDataset shards. */
    public static MediaSource wrap(
            MediaSource source, List<ExportFormat> formats, boolean vocOneBased, WebDatasetExporter.Limits wds) {
        List<ExportFormat> asked = List.copyOf(formats);
        return asked.isEmpty() ? source : WithSinks.of(source, out -> new ExportSink(out, asked, vocOneBased, wds));
    }
}
