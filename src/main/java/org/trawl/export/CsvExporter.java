package org.trawl.export;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.trawl.core.Box;
import org.trawl.internal.Csv;

/** One row per box: the image, its subset and size, the class, x/y/w/h in pixels, the source's ids. */
public final class CsvExporter implements Exporter {
    static final List<String> COLUMNS = List.of(
            "path",
            "subset",
            "label",
            "x",
            "y",
            "width",
            "height",
            "image_width",
            "image_height",
            "source",
            "source_id",
            "box_id");
    private final Path file;
    private final StringWriter rows = new StringWriter();

    public CsvExporter(Path file) {
        this.file = file;
        rows.write(Csv.row(COLUMNS));
    }

    @Override
    public void add(ExportImage im) {
        for (Box b : im.boxes()) {
            List<String> v = new ArrayList<>(COLUMNS.size());
            v.add(im.path());
            v.add(im.subset());
            v.add(im.labelOf(b));
            v.add(num(b.x()));
            v.add(num(b.y()));
            v.add(num(b.width()));
            v.add(num(b.height()));
            v.add(Integer.toString(im.width()));
            v.add(Integer.toString(im.height()));
            v.add(im.source());
            v.add(im.sourceId());
            v.add(b.id());
            rows.write(Csv.row(v));
        }
    }

    static String num(double d) {
        double r = CocoExporter.round(d);
        return r == Math.rint(r) ? Long.toString((long) r) : Double.toString(r);
    }

    @Override
    public void finish() throws IOException {
        AtomicFile.writeString(file, rows.toString());
    }
}
