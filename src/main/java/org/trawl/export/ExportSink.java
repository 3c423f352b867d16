package org.trawl.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.trawl.checkpoint.ItemRecord;
import org.trawl.core.Box;
import org.trawl.core.MediaItem;
import org.trawl.image.ImageInfo;
import org.trawl.media.MediaFamily;
import org.trawl.plan.PlannedItem;
import org.trawl.source.DatasetSink;

/**
 * Feeds the annotation exports after a run: each item on disk becomes an {@link ExportImage} with
 * the real size of its file and its boxes brought onto that file's pixels. Layout under OUT:
 * {@code coco/<subset>.json}, {@code voc/Annotations/<image path>.xml} + {@code voc/ImageSets/Main/<subset>.txt},
 * YOLO label files beside the images + {@code yolo/dataset.yaml}, {@code boxes.csv},
 * {@code tfrecord/<subset>.tfrecord} + {@code tfrecord/label_map.pbtxt},
 * {@code webdataset/<subset>-NNNNNN.tar} + {@code webdataset/classes.txt} + {@code webdataset/<subset>.json}
 * ("all" without a split).
 *
 * <p>Every format is about images (boxes on pixels, image records, image shards): sound, video and archive files
 * stay in the dataset and metadata.csv, left out of the exports with one note saying how many.
 */
public final class ExportSink implements DatasetSink {
    private final Path out;
    private final List<Exporter> exporters = new ArrayList<>();
    private final List<ExportFormat> formats;
    private long notImages;
    private long boxesCropped;

    public ExportSink(Path out, List<ExportFormat> formats, boolean vocOneBased) {
        this(out, formats, vocOneBased, WebDatasetExporter.Limits.DEFAULT);
    }

    public ExportSink(Path out, List<ExportFormat> formats, boolean vocOneBased, WebDatasetExporter.Limits wds) {
        this.out = out;
        this.formats = List.copyOf(formats);
        for (ExportFormat f : formats) {
            exporters.add(
                    switch (f) {
                        case COCO -> new CocoExporter(g -> out.resolve("coco").resolve(g + ".json"));
                        case VOC ->
                            new VocExporter(
                                    im -> out.resolve("voc/Annotations").resolve(im.stemPath() + ".xml"),
                                    g -> out.resolve("voc/ImageSets/Main").resolve(g + ".txt"),
                                    vocOneBased);
                        case YOLO ->
                            new YoloExporter(im -> out.resolve(im.stemPath() + ".txt"), out.resolve("yolo"), out);
                        case CSV -> new CsvExporter(out.resolve("boxes.csv"));
                        case TFRECORD ->
                            new TfRecordExporter(
                                    g -> out.resolve("tfrecord").resolve(g + ".tfrecord"),
                                    out.resolve("tfrecord/label_map.pbtxt"));
                        case WEBDATASET -> new WebDatasetExporter(out.resolve("webdataset"), wds);
                    });
        }
    }

    @Override
    public void accept(PlannedItem item, ItemRecord record) throws IOException {
        if (record == null || !record.done() || record.path() == null) {
            return;
        }
        MediaFamily family = MediaFamily.ofContentType(record.contentType());
        if (family != null && family != MediaFamily.STILL_IMAGE) {
            notImages++;
            return;
        }
        Path file = out.resolve(record.path());
        int w = record.width() == null ? -1 : record.width(), h = record.height() == null ? -1 : record.height();
        if (w <= 0 || h <= 0) {
            ImageInfo info = ImageInfo.read(file).orElse(null);
            if (info == null || info.width() <= 0 || info.height() <= 0) {
                return; // no size, no normalised boxes: nothing an export can say about it
            }
            w = info.width();
            h = info.height();
        }
        MediaItem m = item.item();
        List<Box> boxes = BoxGeometry.onStoredImage(m.boxes(), record.fields(), w, h);
        boxesCropped += m.boxes().size() - boxes.size();
        ExportImage im = new ExportImage(
                record.path(),
                file,
                w,
                h,
                item.subset(),
                m.label(),
                m.url(),
                m.source(),
                m.sourceId(),
                m.license(),
                m.rightsHolder(),
                record.sha256(),
                boxes);
        for (Exporter e : exporters) {
            e.add(im);
        }
    }

    @Override
    public long boxesOutsideCrop() {
        return boxesCropped;
    }

    @Override
    public void close() throws IOException {
        for (Exporter e : exporters) {
            e.finish();
        }
        if (notImages > 0) {
            System.err.println("trawl: " + notImages
                    + " file(s) that are not images (sound, video, archives) left out of the "
                    + String.join(
                            ", ",
                            formats.stream()
                                    .map(f -> f.name().toLowerCase(java.util.Locale.ROOT))
                                    .toList())
                    + (formats.size() == 1 ? " export: it holds" : " exports: they hold") + " images only");
        }
    }
}
