package org.trawl.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.trawl.core.Box;

/**
 * YOLO: one text file per image with {@code class cx cy w h}, all normalised to 0..1 (clamped to
 * the image) with class ids from the sorted class list; {@code classes.txt}; and a
 * {@code dataset.yaml} whose train/val/test are our subsets (lists of image paths), not the same
 * folder twice as fathomnet-generate wrote.
 */
public final class YoloExporter implements Exporter {
    private final Function<ExportImage, Path> labelFor;
    private final Path dir;
    private final Path datasetRoot;
    private final Map<String, List<String>> groups = new LinkedHashMap<>();
    private final List<ExportImage> images = new ArrayList<>();
    private final Categories categories = new Categories();

    /**
     * @param labelFor    where each image's label file goes
     * @param dir         where dataset.yaml, classes.txt and the subset lists go
     * @param datasetRoot the folder image paths are relative to (dataset.yaml's {@code path})
     */
    public YoloExporter(Function<ExportImage, Path> labelFor, Path dir, Path datasetRoot) {
        this.labelFor = labelFor;
        this.dir = dir;
        this.datasetRoot = datasetRoot;
    }

    @Override
    public void add(ExportImage im) {
        images.add(im);
        for (Box b : im.boxes()) {
            categories.add(im.labelOf(b));
        }
        groups.computeIfAbsent(im.group(), g -> new ArrayList<>()).add(im.path());
    }

    @Override
    public void finish() throws IOException {
        // class ids need every class first, so label files are written at the end
        for (ExportImage im : images) {
            StringBuilder s = new StringBuilder();
            for (Box b : im.boxes()) {
                double[] n = normalised(b, im.width(), im.height());
                if (n[2] <= 0 || n[3] <= 0) {
                    continue; // wholly outside the image
                }
                s.append(categories.index(im.labelOf(b)));
                for (double v : n) {
                    s.append(' ').append(String.format(Locale.ROOT, "%.6f", v));
                }
                s.append('\n');
            }
            AtomicFile.writeString(labelFor.apply(im), s.toString());
        }
        List<String> names = categories.sorted();
        AtomicFile.writeString(dir.resolve("classes.txt"), names.isEmpty() ? "" : String.join("\n", names) + "\n");
        StringBuilder yaml = new StringBuilder();
        yaml.append("# written by trawl: image lists per subset; labels sit beside the images\n");
        yaml.append("path: ")
                .append(quote(datasetRoot.toAbsolutePath().normalize().toString()))
                .append('\n');
        Map<String, String> roles = new LinkedHashMap<>();
        for (String g : groups.keySet()) {
            String list = g + ".txt";
            AtomicFile.writeString(dir.resolve(list), String.join("\n", groups.get(g)) + "\n");
            String rel = datasetRoot
                    .toAbsolutePath()
                    .normalize()
                    .relativize(dir.resolve(list).toAbsolutePath().normalize())
                    .toString()
                    .replace('\\', '/');
            roles.put(role(g), rel);
        }
        if (!roles.containsKey("train")) {
            // without a split the one list serves both, which Ultralytics requires
            String only = roles.values().iterator().hasNext()
                    ? roles.values().iterator().next()
                    : "all.txt";
            roles.putIfAbsent("train", only);
        }
        roles.putIfAbsent("val", roles.getOrDefault("test", roles.get("train")));
        for (String r : List.of("train", "val", "test")) {
            if (roles.containsKey(r)) {
                yaml.append(r).append(": ").append(quote(roles.get(r))).append('\n');
            }
        }
        yaml.append("nc: ").append(names.size()).append('\n');
        yaml.append("names:\n");
        for (int i = 0; i < names.size(); i++) {
            yaml.append("  ").append(i).append(": ").append(quote(names.get(i))).append('\n');
        }
        AtomicFile.writeString(dir.resolve("dataset.yaml"), yaml.toString());
    }

    private static String role(String group) {
        return switch (group.toLowerCase(Locale.ROOT)) {
            case "train", "training" -> "train";
            case "val", "valid", "validation", "dev" -> "val";
            case "test", "testing" -> "test";
            default -> group;
        };
    }

    /** cx, cy, w, h in 0..1 after clamping the box to the image. */
    static double[] normalised(Box b, int w, int h) {
        double x0 = clamp(b.x(), w), y0 = clamp(b.y(), h);
        double x1 = clamp(b.x() + b.width(), w), y1 = clamp(b.y() + b.height(), h);
        return new double[] {(x0 + x1) / 2 / w, (y0 + y1) / 2 / h, (x1 - x0) / w, (y1 - y0) / h};
    }

    private static double clamp(double v, int max) {
        return Math.max(0, Math.min(v, max));
    }

    /** A YAML double-quoted scalar (names may hold ':' or '#'). */
    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
