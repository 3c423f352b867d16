package org.trawl.export;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The annotation formats trawl writes. */
public enum ExportFormat {
    COCO,
    VOC,
    YOLO,
    CSV,
    TFRECORD,
    WEBDATASET;

    /** Parses "coco,voc" (case-insensitive; "tf" is accepted for tfrecord, as m3-download spelled it). */
    public static List<ExportFormat> parseList(String spec) {
        Set<ExportFormat> out = new LinkedHashSet<>();
        for (String part : spec.split(",")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (p.isEmpty()) {
                continue;
            }
            out.add(parse(p));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no export format given");
        }
        return new ArrayList<>(out);
    }

    public static ExportFormat parse(String name) {
        String p = name.trim().toLowerCase(Locale.ROOT);
        return switch (p) {
            case "coco" -> COCO;
            case "voc", "pascal", "pascal-voc" -> VOC;
            case "yolo" -> YOLO;
            case "csv" -> CSV;
            case "tf", "tfrecord", "tfrecords" -> TFRECORD;
            case "webdataset", "wds" -> WEBDATASET;
            default ->
                throw new IllegalArgumentException(
                        "unknown export format '" + name + "' (expected coco, voc, yolo, csv, tfrecord or webdataset)");
        };
    }
}
