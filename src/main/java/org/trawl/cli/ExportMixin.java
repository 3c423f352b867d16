package org.trawl.cli;

import java.util.ArrayList;
import java.util.List;
import org.trawl.core.TrawlException;
import org.trawl.export.ExportFormat;
import org.trawl.export.WebDatasetExporter;
import picocli.CommandLine.Option;

/** Which exports a run writes after the download, the VOC coordinate origin, and the WebDataset shard size. */
public class ExportMixin {
    @Option(
            names = "--export",
            paramLabel = "FMT,...",
            split = ",",
            description = "Exports written after the run from the images on disk: coco, voc, yolo, csv, tfrecord, "
                    + "webdataset (wds) (see README for where each lands and what a source without boxes gets).")
    List<String> export;

    @Option(
            names = "--voc-origin",
            paramLabel = "0|1",
            description = "VOC corner convention: 0 (xmin=x, xmax=x+w, as M3) or 1 (1-based inclusive pixels, as the "
                    + "VOC devkit and FathomNet). Default depends on the source.")
    Integer vocOrigin;

    @Option(
            names = "--wds-shard-size",
            paramLabel = "N",
            description = "WebDataset: at most N samples per shard (default: 10000).")
    Integer wdsShardSize;

    @Option(
            names = "--wds-shard-bytes",
            paramLabel = "SIZE",
            converter = SizeConverter.class,
            description = "WebDataset: a shard is cut before it would pass SIZE bytes; K, M, G suffixes are powers of "
                    + "1024 (default: 1G). A sample bigger than SIZE gets a shard of its own.")
    Long wdsShardBytes;

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

    /**
     * A command's own -f formats (none when null), then the --export ones it does not name: m3 get and
     * fathomnet keep their tools' -f beside --export. A bad -f name is a usage error.
     */
    public List<ExportFormat> withOwnFormats(List<String> own) {
        List<ExportFormat> all = new ArrayList<>();
        if (own != null) {
            try {
                all.addAll(ExportFormat.parseList(String.join(",", own)));
            } catch (IllegalArgumentException e) {
                throw TrawlException.usage("-f: " + e.getMessage());
            }
        }
        for (ExportFormat f : formats()) {
            if (!all.contains(f)) {
                all.add(f);
            }
        }
        return all;
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

    /** The WebDataset shard limits; a bad value is a usage error. */
    public WebDatasetExporter.Limits wdsLimits() {
        WebDatasetExporter.Limits d = WebDatasetExporter.Limits.DEFAULT;
        int samples = wdsShardSize == null ? d.samples() : wdsShardSize;
        if (samples < 1) {
            throw TrawlException.usage("--wds-shard-size must be at least 1");
        }
        long bytes = wdsShardBytes == null ? d.bytes() : wdsShardBytes;
        return new WebDatasetExporter.Limits(samples, bytes);
    }

    /** Checks every export option, so a bad one stops the run before anything is asked of a service. */
    public void validate() {
        formats();
        vocOneBased(true);
        wdsLimits();
    }
}
