package org.trawl.cli;

import java.util.List;
import org.trawl.export.ExportFormat;
import org.trawl.export.WithExports;
import org.trawl.source.MediaSource;
import picocli.CommandLine.Option;

/** Which annotation exports a run writes from the items' boxes, and the VOC coordinate origin. */
public class ExportMixin {
    @Option(names = "--export", paramLabel = "FMT,...", split = ",",
            description = "Annotation exports written after the run from the images on disk: coco, voc, yolo, csv, "
                    + "tfrecord (see README for where each lands).")
    List<String> export;

    @Option(names = "--voc-origin", paramLabel = "0|1",
            description = "VOC corner convention: 0 (xmin=x, xmax=x+w, as M3) or 1 (1-based inclusive pixels, as the "
                    + "VOC devkit and FathomNet). Default depends on the source.")
    Integer vocOrigin;

    /** The formats asked for; a bad name is a usage error. */
    public List<ExportFormat> formats() {
        if (export == null || export.isEmpty()) {
            return List.of();
        }
        try {
            return ExportFormat.parseList(String.join(",", export));
        } catch (IllegalArgumentException e) {
            throw TrawlException.usage("--export: " + e.getMessage());
        }
    }

    public boolean vocOneBased(boolean sourceDefault) {
        if (vocOrigin == null) {
            return sourceDefault;
        }
        if (vocOrigin != 0 && vocOrigin != 1) {
            throw TrawlException.usage("--voc-origin must be 0 or 1");
        }
        return vocOrigin == 1;
    }

    /** The source with the asked-for exports among its sinks. */
    public MediaSource apply(MediaSource source, boolean vocOneBasedDefault) {
        return WithExports.wrap(source, formats(), vocOneBased(vocOneBasedDefault));
    }
}
