package org.trawl.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.trawl.core.Box;

/**
 * Pascal VOC XML, one file per image, written as soon as the image is added. The coordinate origin
 * is chosen explicitly: M3 (m3-download) writes 0-based corners (xmin=x, xmax=x+w); FathomNet and
 * the VOC devkit use 1-based pixel indices (xmin=x+1, xmax=x+w, inclusive). Corners are rounded and
 * clamped to the real image size read from the file; every text is XML-escaped.
 */
public final class VocExporter implements Exporter {
    private final Function<ExportImage, Path> xmlFor;
    private final Function<String, Path> listForGroup;
    private final boolean oneBased;
    private final Map<String, StringBuilder> lists = new LinkedHashMap<>();

    /**
     * @param xmlFor       where each image's XML goes
     * @param listForGroup where the list of image ids of each subset goes (VOC ImageSets), or null
     * @param oneBased     1-based inclusive corners (VOC devkit, FathomNet) instead of 0-based (M3)
     */
    public VocExporter(Function<ExportImage, Path> xmlFor, Function<String, Path> listForGroup, boolean oneBased) {
        this.xmlFor = xmlFor;
        this.listForGroup = listForGroup;
        this.oneBased = oneBased;
    }

    @Override
    public void add(ExportImage im) throws IOException {
        AtomicFile.writeString(xmlFor.apply(im), xml(im));
        if (listForGroup != null) {
            lists.computeIfAbsent(im.group(), g -> new StringBuilder())
                    .append(im.stemPath())
                    .append('\n');
        }
    }

    String xml(ExportImage im) {
        String path = im.path();
        int slash = path.lastIndexOf('/');
        String folder = slash < 0 ? "" : path.substring(0, slash);
        StringBuilder x = new StringBuilder(512);
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<annotation>\n");
        tag(x, 1, "folder", folder);
        tag(x, 1, "filename", im.fileName());
        tag(x, 1, "path", path);
        x.append("  <source>\n");
        tag(x, 2, "database", im.source() == null ? "trawl" : im.source());
        if (im.sourceId() != null) {
            tag(x, 2, "source_id", im.sourceId());
        }
        x.append("  </source>\n  <size>\n");
        tag(x, 2, "width", Integer.toString(im.width()));
        tag(x, 2, "height", Integer.toString(im.height()));
        tag(x, 2, "depth", "3");
        x.append("  </size>\n");
        tag(x, 1, "segmented", "0");
        for (Box b : im.boxes()) {
            int[] c = corners(b, im.width(), im.height());
            x.append("  <object>\n");
            tag(x, 2, "name", im.labelOf(b));
            tag(x, 2, "pose", "Unspecified");
            tag(x, 2, "truncated", truncated(b, im.width(), im.height()) ? "1" : "0");
            tag(x, 2, "difficult", "0");
            String occluded = b.fields().get("occluded");
            if (occluded != null) {
                tag(x, 2, "occluded", Boolean.parseBoolean(occluded) || "1".equals(occluded) ? "1" : "0");
            }
            x.append("    <bndbox>\n");
            tag(x, 3, "xmin", Integer.toString(c[0]));
            tag(x, 3, "ymin", Integer.toString(c[1]));
            tag(x, 3, "xmax", Integer.toString(c[2]));
            tag(x, 3, "ymax", Integer.toString(c[3]));
            x.append("    </bndbox>\n  </object>\n");
        }
        return x.append("</annotation>\n").toString();
    }

    /** xmin, ymin, xmax, ymax in this exporter's convention, inside the image. */
    int[] corners(Box b, int w, int h) {
        long x0 = Math.round(b.x()), y0 = Math.round(b.y());
        long x1 = Math.round(b.x() + b.width()), y1 = Math.round(b.y() + b.height());
        if (w > 0) {
            x0 = Math.max(0, Math.min(x0, w));
            x1 = Math.max(0, Math.min(x1, w));
        }
        if (h > 0) {
            y0 = Math.max(0, Math.min(y0, h));
            y1 = Math.max(0, Math.min(y1, h));
        }
        int o = oneBased ? 1 : 0;
        // 1-based inclusive: the box's first pixel is x0+1, its last x1 (x1 is exclusive 0-based)
        return new int[] {(int) x0 + o, (int) y0 + o, (int) x1, (int) y1};
    }

    private static boolean truncated(Box b, int w, int h) {
        String t = b.fields().get("truncated");
        if (t != null) {
            return Boolean.parseBoolean(t) || "1".equals(t);
        }
        return b.x() < 0 || b.y() < 0 || (w > 0 && b.x() + b.width() > w) || (h > 0 && b.y() + b.height() > h);
    }

    private static void tag(StringBuilder x, int depth, String name, String value) {
        x.append("  ".repeat(depth))
                .append('<')
                .append(name)
                .append('>')
                .append(escape(value))
                .append("</")
                .append(name)
                .append(">\n");
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    // characters XML 1.0 cannot hold at all are dropped rather than breaking the file
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    @Override
    public void finish() throws IOException {
        if (listForGroup == null) {
            return;
        }
        for (Map.Entry<String, StringBuilder> e : lists.entrySet()) {
            AtomicFile.writeString(listForGroup.apply(e.getKey()), e.getValue().toString());
        }
    }
}
