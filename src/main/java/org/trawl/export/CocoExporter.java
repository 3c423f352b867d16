package org.trawl.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.trawl.core.Box;
import org.trawl.internal.Json;

/**
 * COCO detection JSON. Ids are sequential from 1 (m3-download used 128-bit UUID integers, which
 * overflow int64 loaders); the source's UUIDs stay beside them as {@code source_id} (image) and
 * {@code box_id} (annotation), the map back. Categories are sorted by name, ids from 1, identical
 * in every subset file. Images carry width and height; annotations area, iscrowd 0 and a
 * polygon segmentation of the box (some loaders refuse an empty one).
 */
public final class CocoExporter implements Exporter {
    private final Function<String, Path> fileForGroup;
    private final Map<String, List<ExportImage>> groups = new LinkedHashMap<>();
    private final Categories categories = new Categories();
    private final TreeSet<String> licenses = new TreeSet<>();

    /** @param fileForGroup the file of each subset ("all" without a split) */
    public CocoExporter(Function<String, Path> fileForGroup) {
        this.fileForGroup = fileForGroup;
    }

    @Override
    public void add(ExportImage image) {
        groups.computeIfAbsent(image.group(), g -> new ArrayList<>()).add(image);
        for (Box b : image.boxes()) {
            categories.add(image.labelOf(b));
        }
        if (image.license() != null && !image.license().isEmpty()) {
            licenses.add(image.license());
        }
    }

    @Override
    public void finish() throws IOException {
        List<String> licenseList = new ArrayList<>(licenses);
        long imageId = 0, annotationId = 0;
        String now = OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        for (Map.Entry<String, List<ExportImage>> g : groups.entrySet()) {
            long firstImage = imageId, firstAnnotation = annotationId;
            List<ExportImage> images = g.getValue();
            AtomicFile.write(fileForGroup.apply(g.getKey()), out -> {
                try (JsonGenerator j = Json.MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
                    j.writeStartObject();
                    writeInfo(j, g.getKey(), now);
                    writeLicenses(j, licenseList);
                    writeCategories(j);
                    writeImages(j, images, firstImage, licenseList);
                    writeAnnotations(j, images, firstImage, firstAnnotation);
                    j.writeEndObject();
                }
            });
            imageId += images.size();
            annotationId += images.stream().mapToLong(i -> i.boxes().size()).sum();
        }
    }

    private static void writeInfo(JsonGenerator j, String group, String now) throws IOException {
        j.writeObjectFieldStart("info");
        j.writeStringField("description", "trawl export (" + group + ")");
        j.writeNumberField("year", OffsetDateTime.now(ZoneOffset.UTC).getYear());
        j.writeStringField("date_created", now);
        j.writeEndObject();
    }

    private static void writeLicenses(JsonGenerator j, List<String> licenseList) throws IOException {
        j.writeArrayFieldStart("licenses");
        for (int i = 0; i < licenseList.size(); i++) {
            j.writeStartObject();
            j.writeNumberField("id", i + 1);
            j.writeStringField("name", licenseList.get(i));
            j.writeStringField("url", licenseList.get(i).startsWith("http") ? licenseList.get(i) : "");
            j.writeEndObject();
        }
        j.writeEndArray();
    }

    private void writeCategories(JsonGenerator j) throws IOException {
        j.writeArrayFieldStart("categories");
        List<String> names = categories.sorted();
        for (int i = 0; i < names.size(); i++) {
            j.writeStartObject();
            j.writeNumberField("id", i + 1);
            j.writeStringField("name", names.get(i));
            j.writeStringField("supercategory", "");
            j.writeEndObject();
        }
        j.writeEndArray();
    }

    /** The group's images, numbered on from {@code firstImage}: ids run on across the groups' files. */
    private static void writeImages(
            JsonGenerator j, List<ExportImage> images, long firstImage, List<String> licenseList) throws IOException {
        j.writeArrayFieldStart("images");
        long id = firstImage;
        for (ExportImage im : images) {
            j.writeStartObject();
            j.writeNumberField("id", ++id);
            j.writeStringField("file_name", im.path());
            j.writeNumberField("width", im.width());
            j.writeNumberField("height", im.height());
            int lic = im.license() == null ? -1 : licenseList.indexOf(im.license());
            if (lic >= 0) {
                j.writeNumberField("license", lic + 1);
            }
            if (im.url() != null) {
                j.writeStringField("coco_url", im.url());
            }
            if (im.sourceId() != null) {
                j.writeStringField("source_id", im.sourceId());
            }
            j.writeEndObject();
        }
        j.writeEndArray();
    }

    private void writeAnnotations(JsonGenerator j, List<ExportImage> images, long firstImage, long firstAnnotation)
            throws IOException {
        j.writeArrayFieldStart("annotations");
        long imgId = firstImage, annId = firstAnnotation;
        for (ExportImage im : images) {
            imgId++;
            for (Box b : im.boxes()) {
                writeAnnotation(j, ++annId, imgId, categories.index(im.labelOf(b)) + 1, b);
            }
        }
        j.writeEndArray();
    }

    /** One box: its bbox, area and a four-corner polygon as its segmentation, all to two decimals. */
    private static void writeAnnotation(JsonGenerator j, long id, long imageId, int categoryId, Box b)
            throws IOException {
        j.writeStartObject();
        j.writeNumberField("id", id);
        j.writeNumberField("image_id", imageId);
        j.writeNumberField("category_id", categoryId);
        j.writeArrayFieldStart("bbox");
        j.writeNumber(round(b.x()));
        j.writeNumber(round(b.y()));
        j.writeNumber(round(b.width()));
        j.writeNumber(round(b.height()));
        j.writeEndArray();
        j.writeNumberField("area", round(b.width() * b.height()));
        j.writeNumberField("iscrowd", 0);
        j.writeArrayFieldStart("segmentation");
        j.writeStartArray();
        double x0 = round(b.x()), y0 = round(b.y()), x1 = round(b.x() + b.width()), y1 = round(b.y() + b.height());
        for (double v : new double[] {x0, y0, x1, y0, x1, y1, x0, y1}) {
            j.writeNumber(v);
        }
        j.writeEndArray();
        j.writeEndArray();
        if (b.id() != null) {
            j.writeStringField("box_id", b.id());
        }
        j.writeEndObject();
    }

    /** Two decimals: sub-pixel enough after a rescale, and stable text. */
    static double round(double v) {
        return Math.round(v * 100.0) / 100.0;
    }
}
