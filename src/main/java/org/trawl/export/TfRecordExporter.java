package org.trawl.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.trawl.core.Box;

/**
 * TFRecord files of tf.train.Example with the TensorFlow Object Detection API's feature names
 * (image/encoded, image/object/bbox/xmin, ... normalised, class/label from 1 as in its
 * label_map.pbtxt), images embedded. One file per subset; the label map beside them.
 *
 * <p>A dataset without any box (a classification set: GBIF, IIIF, URL lists) gets the image-level
 * features of the same API instead, {@code image/class/label} (the label's id in label_map.pbtxt,
 * from 1) and {@code image/class/text}, and its label map lists the image labels. A dataset with
 * boxes keeps its box classes only, so adding unboxed images never renumbers them.
 */
public final class TfRecordExporter implements Exporter {
    private final Function<String, Path> fileForGroup;
    private final Path labelMap;
    private final Map<String, List<ExportImage>> groups = new LinkedHashMap<>();
    private final Categories categories = new Categories();
    private final Categories imageLabels = new Categories();
    private boolean anyBox;

    public TfRecordExporter(Function<String, Path> fileForGroup, Path labelMap) {
        this.fileForGroup = fileForGroup;
        this.labelMap = labelMap;
    }

    @Override
    public void add(ExportImage im) {
        groups.computeIfAbsent(im.group(), g -> new ArrayList<>()).add(im);
        for (Box b : im.boxes()) {
            categories.add(im.labelOf(b));
        }
        anyBox |= !im.boxes().isEmpty();
        if (im.label() != null && !im.label().isEmpty()) {
            imageLabels.add(im.label());
        }
    }

    /** Image-level classes instead of box classes: no image of the dataset has a box. */
    private boolean classification() {
        return !anyBox && !imageLabels.sorted().isEmpty();
    }

    @Override
    public void finish() throws IOException {
        for (Map.Entry<String, List<ExportImage>> g : groups.entrySet()) {
            AtomicFile.write(fileForGroup.apply(g.getKey()), out -> {
                TfRecordWriter w = new TfRecordWriter(out);
                for (ExportImage im : g.getValue()) {
                    w.write(example(im, Files.readAllBytes(im.file())));
                }
            });
        }
        StringBuilder pb = new StringBuilder();
        List<String> names = classification() ? imageLabels.sorted() : categories.sorted();
        for (int i = 0; i < names.size(); i++) {
            pb.append("item {\n  id: ")
                    .append(i + 1)
                    .append("\n  name: ")
                    .append(YoloExporter.quote(names.get(i)))
                    .append("\n}\n");
        }
        AtomicFile.writeString(labelMap, pb.toString());
    }

    byte[] example(ExportImage im, byte[] encoded) {
        List<Box> boxes = im.boxes();
        int n = boxes.size();
        float[] xmin = new float[n], xmax = new float[n], ymin = new float[n], ymax = new float[n];
        long[] label = new long[n], difficult = new long[n], truncated = new long[n];
        List<String> text = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Box b = boxes.get(i);
            double[] c = YoloExporter.normalised(b, im.width(), im.height());
            xmin[i] = (float) (c[0] - c[2] / 2);
            xmax[i] = (float) (c[0] + c[2] / 2);
            ymin[i] = (float) (c[1] - c[3] / 2);
            ymax[i] = (float) (c[1] + c[3] / 2);
            text.add(im.labelOf(b));
            label[i] = categories.index(im.labelOf(b)) + 1;
            String t = b.fields().get("truncated");
            truncated[i] = t != null && (Boolean.parseBoolean(t) || "1".equals(t)) ? 1 : 0;
        }
        String name = im.fileName();
        String ext =
                name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        TfExample ex = new TfExample();
        if (classification() && im.label() != null && !im.label().isEmpty()) {
            ex.int64("image/class/label", imageLabels.index(im.label()) + 1).string("image/class/text", im.label());
        }
        return ex.int64("image/height", im.height())
                .int64("image/width", im.width())
                .string("image/filename", im.path())
                .string("image/source_id", im.sourceId() != null ? im.sourceId() : im.stemPath())
                .string("image/key/sha256", im.sha256() == null ? "" : im.sha256())
                .bytes("image/encoded", encoded)
                .string("image/format", ext.equals("jpg") ? "jpeg" : ext)
                .floats("image/object/bbox/xmin", xmin)
                .floats("image/object/bbox/xmax", xmax)
                .floats("image/object/bbox/ymin", ymin)
                .floats("image/object/bbox/ymax", ymax)
                .strings("image/object/class/text", text)
                .int64s("image/object/class/label", label)
                .int64s("image/object/difficult", difficult)
                .int64s("image/object/truncated", truncated)
                .toByteArray();
    }
}
