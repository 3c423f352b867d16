package org.trawl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.trawl.checkpoint.ItemRecord;
import org.trawl.checkpoint.MergedState;
import org.trawl.core.ExitCode;
import org.trawl.core.TrawlException;
import org.trawl.export.BoxGeometry;
import org.trawl.export.CocoExporter;
import org.trawl.export.CsvExporter;
import org.trawl.export.ExportFormat;
import org.trawl.export.ExportImage;
import org.trawl.export.Exporter;
import org.trawl.export.TfRecordExporter;
import org.trawl.export.VocExporter;
import org.trawl.export.WebDatasetExporter;
import org.trawl.export.YoloExporter;
import org.trawl.image.ImageInfo;
import org.trawl.source.m3.Localization;
import org.trawl.source.m3.Localizations;
import org.trawl.source.m3.M3Image;
import org.trawl.source.m3.M3ImageSource;
import org.trawl.source.m3.M3Images;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** trawl m3 reformat LOCALIZATIONS -f FMT: m3-download's reformat.py, every advertised format implemented. */
@Command(
        name = "reformat",
        mixinStandardHelpOptions = true,
        description = "Convert localizations.json and the downloaded images (image_map.json) to COCO (NAME.json), "
                + "VOC (NAME/<image>.xml), YOLO (NAME/<image>.txt + dataset.yaml), CSV (NAME.csv), TF (NAME.tfrecord) "
                + "or WEBDATASET (NAME/all-NNNNNN.tar + classes.txt + all.json). --export adds formats: files beside "
                + "NAME (NAME.json, NAME.csv, NAME.tfrecord), folders as NAME_voc/, NAME_yolo/, NAME_webdataset/.")
public class M3ReformatCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "LOCALIZATIONS", description = "localizations.json.")
    Path localizations;

    @Option(
            names = {"-f", "--format"},
            paramLabel = "FMT",
            defaultValue = "COCO",
            description = "CSV, COCO, VOC, TF, YOLO or WEBDATASET (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "NAME",
            description = "Output name without extension (default: <localizations stem>_reformatted).")
    Path output;

    @Option(
            names = {"--image-map", "--image_map"},
            paramLabel = "FILE",
            description = "image_map.json from `trawl m3 images` (default: image_map.json beside LOCALIZATIONS, "
                    + "else in the current folder). Image paths in it are relative to its folder. Boxes on images "
                    + "that `m3 images --max-size` resized or turned upright are scaled and turned with them, "
                    + "as the folder's checkpoint (.trawl/) records.")
    Path imageMap;

    @Mixin
    ExportMixin export;

    @Override
    public Integer call() throws IOException {
        // -f first (where m3-download writes it), then every other --export format
        List<ExportFormat> formats = export.withOwnFormats(List.of(format));
        Path map = imageMap != null ? imageMap : defaultMap();
        JsonNode mapJson = Localizations.readJson(map);
        if (!mapJson.isObject()) {
            throw TrawlException.usage(map + ": not an image map (a JSON object of UUID -> path)");
        }
        Path mapDir = map.toAbsolutePath().getParent();
        String stem = localizations.getFileName().toString().replaceFirst("\\.json$", "");
        Path name = output != null ? output : localizations.toAbsolutePath().resolveSibling(stem + "_reformatted");
        List<Exporter> exporters = new ArrayList<>();
        List<String> written = new ArrayList<>();
        for (ExportFormat f : formats) {
            Path at = f == formats.get(0) ? name : besideFirst(f, name);
            exporters.add(exporter(f, at, mapDir));
            written.add(describe(f, at));
        }

        Map<String, Map<String, String>> rewritten = rewrittenImages(mapDir);
        List<Localization> locs = Localizations.read(localizations, "image/png", M3ImagesCommand::warn);
        // URLs are not needed offline: an image reference without one is still exported if it is on disk
        List<M3Image> resolved = M3Images.resolve(
                locs.stream().map(M3ReformatCommand::withPlaceholderUrl).toList(), null, M3ImagesCommand::warn);
        int images = 0, missing = 0;
        long cropped = 0;
        for (M3Image im : resolved) {
            ExportImage image = onDisk(im, mapJson, mapDir, locs, rewritten);
            if (image == null) {
                missing++;
                continue;
            }
            cropped += im.boxes().size() - image.boxes().size();
            for (Exporter exporter : exporters) {
                exporter.add(image);
            }
            images++;
        }
        for (Exporter exporter : exporters) {
            exporter.finish();
        }
        if (missing > 0) {
            M3ImagesCommand.warn(
                    missing + " image(s) not in the image map or not on disk, skipped (run `trawl m3 images`)");
        }
        long boxes = resolved.stream().mapToInt(i -> i.boxes().size()).sum() - cropped;
        System.out.println(images + " images, " + boxes + " boxes"
                + (cropped > 0 ? " (" + cropped + " outside a center-crop left out)" : "")
                + " -> " + String.join(", ", written));
        return ExitCode.OK;
    }

    /**
     * The images of the map's folder that a transform rewrote (`m3 images` or `m3 get` with --max-size):
     * their path (relative to the folder) → the record's fields, which hold the size as served and the
     * EXIF orientation applied. The boxes of localizations.json are in the served pixels; these bring
     * them onto the stored ones. Empty for a folder trawl did not write (m3-download keeps images as served).
     */
    private static Map<String, Map<String, String>> rewrittenImages(Path mapDir) {
        Map<String, Map<String, String>> out = new HashMap<>();
        MergedState.forEach(
                mapDir,
                r -> {
                    Map<String, String> f = r.fields();
                    if (r.path() != null
                            && f != null
                            && (f.containsKey(ItemRecord.SOURCE_WIDTH)
                                    || f.containsKey(ItemRecord.ORIENTATION_APPLIED))) {
                        out.put(r.path(), f);
                    }
                },
                r -> {});
        return out;
    }

    /** The image of {@code im} as the image map places it on disk, or null when it is not there. */
    private static ExportImage onDisk(
            M3Image im,
            JsonNode mapJson,
            Path mapDir,
            List<Localization> locs,
            Map<String, Map<String, String>> rewritten)
            throws IOException {
        JsonNode p = mapJson.get(im.imageReference());
        Path file = p == null ? null : mapDir.resolve(p.asText());
        ImageInfo info =
                file != null && Files.isRegularFile(file) ? ImageInfo.read(file).orElse(null) : null;
        if (info == null || info.width() <= 0) {
            return null;
        }
        String rel =
                mapDir.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
        String url = locs.stream()
                .filter(l -> im.imageReference().equals(l.imageReference()))
                .map(l -> l.imageUrls().get(l.imageReference()))
                .filter(u -> u != null && !u.startsWith("urn:"))
                .findFirst()
                .orElse(null);
        return new ExportImage(
                rel,
                file,
                info.width(),
                info.height(),
                null,
                im.concept(),
                url,
                M3ImageSource.SOURCE,
                im.imageReference(),
                null,
                null,
                BoxGeometry.onStoredImage(im.boxes(), rewritten.get(rel), info.width(), info.height()));
    }

    private Path defaultMap() {
        Path beside = localizations.toAbsolutePath().resolveSibling("image_map.json");
        if (Files.exists(beside)) {
            return beside;
        }
        if (Files.exists(Path.of("image_map.json"))) {
            return Path.of("image_map.json");
        }
        throw TrawlException.usage(
                "no image map: give --image-map FILE (written by `trawl m3 images` into its OUTPUT_DIR)");
    }

    private Exporter exporter(ExportFormat fmt, Path name, Path imageRoot) {
        String base = name.getFileName().toString();
        return switch (fmt) {
            case COCO -> new CocoExporter(g -> name.resolveSibling(base + ".json"));
            case CSV -> new CsvExporter(name.resolveSibling(base + ".csv"));
            case TFRECORD ->
                new TfRecordExporter(
                        g -> name.resolveSibling(base + ".tfrecord"), name.resolveSibling(base + ".label_map.pbtxt"));
            case VOC ->
                new VocExporter(im -> name.resolve(flat(im.stemPath()) + ".xml"), null, export.vocOneBased(false));
            case YOLO -> new YoloExporter(im -> name.resolve(flat(im.stemPath()) + ".txt"), name, imageRoot);
            case WEBDATASET -> new WebDatasetExporter(name, export.wdsLimits());
        };
    }

    private static String flat(String stemPath) {
        return stemPath.substring(stemPath.lastIndexOf('/') + 1);
    }

    /**
     * Where an --export format beyond -f writes: a file format beside -f's output under the same name
     * (NAME.json, NAME.csv, NAME.tfrecord); a folder format in its own NAME_voc/, NAME_yolo/,
     * NAME_webdataset/, since VOC, YOLO and WebDataset would otherwise share NAME/ (and classes.txt).
     */
    private static Path besideFirst(ExportFormat fmt, Path name) {
        return switch (fmt) {
            case COCO, CSV, TFRECORD -> name;
            default -> name.resolveSibling(name.getFileName() + "_" + fmt.name().toLowerCase(java.util.Locale.ROOT));
        };
    }

    private static String describe(ExportFormat fmt, Path name) {
        return switch (fmt) {
            case COCO -> name + ".json";
            case CSV -> name + ".csv";
            case TFRECORD -> name + ".tfrecord";
            default -> name + "/";
        };
    }

    /** Offline, a box's image needs no URL: a placeholder keeps it from being reported as unknown. */
    private static Localization withPlaceholderUrl(Localization l) {
        if (l.imageReference() == null || l.imageUrls().containsKey(l.imageReference())) {
            return l;
        }
        java.util.Map<String, String> urls = new java.util.LinkedHashMap<>(l.imageUrls());
        urls.put(l.imageReference(), "urn:m3:" + l.imageReference());
        return new Localization(
                l.observationUuid(),
                l.associationUuid(),
                l.concept(),
                l.x(),
                l.y(),
                l.width(),
                l.height(),
                l.imageReference(),
                urls,
                l.extra());
    }
}
