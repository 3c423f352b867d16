package org.trawl.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.cli.JobReport;
import org.trawl.core.Box;
import org.trawl.core.CloseableIterator;
import org.trawl.core.MediaItem;
import org.trawl.fetch.FetchOptions;
import org.trawl.image.ImageFormat;
import org.trawl.image.ImageTransform;
import org.trawl.job.DatasetJob;
import org.trawl.plan.PlanOptions;
import org.trawl.plan.SplitSpec;
import org.trawl.source.MediaSource;
import org.trawl.testing.FaultServer;
import org.trawl.testing.TestImages;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Every export written by a real run, read back and checked against the source boxes. */
@QuarkusTest
class ExportsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DatasetJob job;

    FaultServer server;

    @TempDir
    Path tmp;

    Path out;

    @BeforeEach
    void start() {
        server = FaultServer.start();
        out = tmp.resolve("out");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    int run(MediaSource source, PlanOptions plan) {
        FetchOptions f = new FetchOptions(
                4,
                2,
                1,
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                Duration.ofSeconds(20),
                false,
                false,
                FetchOptions.Mode.RESUME,
                "trawl-test");
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return JobReport.run(job, source, new DatasetJob.Settings(out, f, plan, false, false, true), sink, sink);
    }

    static MediaSource source(List<MediaItem> items, ImageTransform t) {
        return new MediaSource() {
            @Override
            public CloseableIterator<MediaItem> items() {
                return CloseableIterator.of(items.iterator());
            }

            @Override
            public ImageTransform transform() {
                return t;
            }
        };
    }

    static Box box(String label, double x, double y, double w, double h, String id) {
        return new Box(label, x, y, w, h, id, Map.of());
    }

    /** Two annotated images (one with an XML-hostile label) and one without boxes. */
    List<MediaItem> items() {
        server.image("/a", TestImages.jpeg(64, 48, 1), "image/jpeg")
                .image("/b", TestImages.png(100, 50, 2), "image/png")
                .image("/c", TestImages.jpeg(30, 20, 3), "image/jpeg");
        return List.of(
                new MediaItem(server.url("/a"), "Sebastes", "a", "m3", "uuid-a", "CC-BY", null, Map.of())
                        .withBoxes(List.of(
                                box("Sebastes", 4, 6, 20, 10, "box-1"),
                                box("Fish <&> \"x\"", 40, 30, 30, 20, "box-2"))),
                new MediaItem(server.url("/b"), "Sebastes", "b", "m3", "uuid-b", "CC-BY", null, Map.of())
                        .withBoxes(List.of(box(null, 0, 0, 100, 50, "box-3"))),
                new MediaItem(server.url("/c"), "Empty", "c", "m3", "uuid-c", null, null, Map.of()));
    }

    @Test
    void cocoHasInt64IdsSortedStableCategoriesSizesAndConsistentReferences() throws Exception {
        MediaSource src = WithExports.wrap(source(items(), null), List.of(ExportFormat.COCO), false);
        assertThat(run(src, PlanOptions.defaults())).isZero();
        JsonNode coco = JSON.readTree(out.resolve("coco/all.json").toFile());
        List<String> cats = new ArrayList<>();
        coco.get("categories")
                .forEach(c -> cats.add(c.get("id").asInt() + ":" + c.get("name").asText()));
        assertThat(cats).containsExactly("1:Fish <&> \"x\"", "2:Sebastes");
        assertThat(coco.get("images")).hasSize(3);
        JsonNode a = coco.get("images").get(0);
        assertThat(a.get("id").isIntegralNumber() && a.get("id").canConvertToLong())
                .isTrue();
        assertThat(a.get("id").asLong()).isEqualTo(1);
        assertThat(a.get("file_name").asText()).isEqualTo("Sebastes/a.jpg");
        assertThat(a.get("width").asInt()).isEqualTo(64);
        assertThat(a.get("height").asInt()).isEqualTo(48);
        assertThat(a.get("source_id").asText()).isEqualTo("uuid-a");
        assertThat(a.get("license").asInt()).isEqualTo(1);
        assertThat(coco.get("licenses").get(0).get("name").asText()).isEqualTo("CC-BY");
        assertThat(coco.get("images").get(1).get("width").asInt()).isEqualTo(100);
        JsonNode anns = coco.get("annotations");
        assertThat(anns).hasSize(3);
        java.util.Set<Long> imageIds = new java.util.HashSet<>();
        coco.get("images").forEach(i -> imageIds.add(i.get("id").asLong()));
        for (JsonNode an : anns) {
            assertThat(imageIds).contains(an.get("image_id").asLong());
            assertThat(an.get("iscrowd").asInt()).isZero();
            assertThat(an.get("segmentation").get(0)).hasSize(8);
        }
        JsonNode second = anns.get(1);
        assertThat(second.get("box_id").asText()).isEqualTo("box-2");
        assertThat(second.get("category_id").asInt()).isEqualTo(1);
        assertThat(second.get("bbox").toString()).isEqualTo("[40.0,30.0,30.0,20.0]");
        assertThat(second.get("area").asDouble()).isEqualTo(600.0);
        // the box without a label of its own takes the image's label
        assertThat(anns.get(2).get("category_id").asInt()).isEqualTo(2);
        assertThat(anns.get(2).get("image_id").asLong()).isEqualTo(2);

        // a second run writes the same ids
        String first = Files.readString(out.resolve("coco/all.json"))
                .replaceAll("\"date_created\":\"[^\"]*\"", "")
                .replaceAll("\"year\":\\d+", "");
        assertThat(run(src, PlanOptions.defaults())).isZero();
        assertThat(Files.readString(out.resolve("coco/all.json"))
                        .replaceAll("\"date_created\":\"[^\"]*\"", "")
                        .replaceAll("\"year\":\\d+", ""))
                .isEqualTo(first);
    }

    @Test
    void vocCornersFollowTheChosenOriginAndTextIsEscaped() throws Exception {
        List<MediaItem> items = items();
        assertThat(run(WithExports.wrap(source(items, null), List.of(ExportFormat.VOC), false), PlanOptions.defaults()))
                .isZero();
        Element zero = voc(out.resolve("voc/Annotations/Sebastes/a.xml"));
        assertThat(text(zero, "width")).isEqualTo("64");
        assertThat(text(zero, "height")).isEqualTo("48");
        assertThat(text(zero, "filename")).isEqualTo("a.jpg");
        List<Element> objs = children(zero, "object");
        assertThat(objs).hasSize(2);
        assertThat(text(objs.get(0), "xmin") + "," + text(objs.get(0), "ymin") + "," + text(objs.get(0), "xmax") + ","
                        + text(objs.get(0), "ymax"))
                .isEqualTo("4,6,24,16");
        assertThat(text(objs.get(1), "name")).isEqualTo("Fish <&> \"x\"");
        assertThat(text(objs.get(1), "pose")).isEqualTo("Unspecified");
        assertThat(text(objs.get(1), "difficult")).isEqualTo("0");
        // the box reaching past the 64x48 image is clamped and marked truncated
        assertThat(text(objs.get(1), "xmax") + "," + text(objs.get(1), "ymax")).isEqualTo("64,48");
        assertThat(text(objs.get(1), "truncated")).isEqualTo("1");
        assertThat(Files.readAllLines(out.resolve("voc/ImageSets/Main/all.txt")))
                .containsExactly("Sebastes/a", "Sebastes/b", "Empty/c");

        Files.walk(out.resolve("voc"))
                .sorted(java.util.Comparator.reverseOrder())
                .forEach(p -> p.toFile().delete());
        assertThat(run(WithExports.wrap(source(items, null), List.of(ExportFormat.VOC), true), PlanOptions.defaults()))
                .isZero();
        Element one = voc(out.resolve("voc/Annotations/Sebastes/a.xml"));
        Element o = children(one, "object").get(0);
        assertThat(text(o, "xmin") + "," + text(o, "ymin") + "," + text(o, "xmax") + "," + text(o, "ymax"))
                .isEqualTo("5,7,24,16");
    }

    @Test
    void yoloIsNormalisedWithSortedClassesAndADatasetYamlOverOurSplits() throws Exception {
        PlanOptions split = new PlanOptions(SplitSpec.parse("train=0.5,val=0.5"), null, org.trawl.core.Shard.WHOLE, 3);
        assertThat(run(WithExports.wrap(source(items(), null), List.of(ExportFormat.YOLO), false), split))
                .isZero();
        Path label = findOne("a.txt");
        String[] f = Files.readAllLines(label).get(0).split(" ");
        assertThat(f[0]).isEqualTo("1"); // Sebastes after "Fish ..." in sorted order
        assertThat(Double.parseDouble(f[1])).isCloseTo((4 + 10) / 64.0, within(1e-6));
        assertThat(Double.parseDouble(f[2])).isCloseTo((6 + 5) / 48.0, within(1e-6));
        assertThat(Double.parseDouble(f[3])).isCloseTo(20 / 64.0, within(1e-6));
        assertThat(Double.parseDouble(f[4])).isCloseTo(10 / 48.0, within(1e-6));
        // clamped to the image: x 40..64, y 30..48
        String[] g = Files.readAllLines(label).get(1).split(" ");
        assertThat(Double.parseDouble(g[3])).isCloseTo(24 / 64.0, within(1e-6));
        assertThat(Double.parseDouble(g[4])).isCloseTo(18 / 48.0, within(1e-6));
        assertThat(Files.readAllLines(out.resolve("yolo/classes.txt"))).containsExactly("Fish <&> \"x\"", "Sebastes");
        String yaml = Files.readString(out.resolve("yolo/dataset.yaml"));
        assertThat(yaml)
                .contains("path: \"" + out.toAbsolutePath().normalize() + "\"")
                .contains("nc: 2")
                .contains("  1: \"Sebastes\"")
                .contains("  0: \"Fish <&> \\\"x\\\"\"");
        List<String> listed = new ArrayList<>();
        for (String s : List.of("train", "val")) {
            if (Files.exists(out.resolve("yolo/" + s + ".txt"))) {
                assertThat(yaml).contains(s + ": \"yolo/" + s + ".txt\"");
                listed.addAll(Files.readAllLines(out.resolve("yolo/" + s + ".txt")));
            }
        }
        assertThat(listed).hasSize(3);
        for (String p : listed) {
            assertThat(out.resolve(p)).exists();
        }
    }

    @Test
    void csvHasOneRowPerBox() throws Exception {
        assertThat(run(
                        WithExports.wrap(source(items(), null), List.of(ExportFormat.CSV), false),
                        PlanOptions.defaults()))
                .isZero();
        List<String> rows = Files.readAllLines(out.resolve("boxes.csv"));
        assertThat(rows)
                .containsExactly(
                        "path,subset,label,x,y,width,height,image_width,image_height,source,source_id,box_id",
                        "Sebastes/a.jpg,,Sebastes,4,6,20,10,64,48,m3,uuid-a,box-1",
                        "Sebastes/a.jpg,,\"Fish <&> \"\"x\"\"\",40,30,30,20,64,48,m3,uuid-a,box-2",
                        "Sebastes/b.png,,Sebastes,0,0,100,50,100,50,m3,uuid-b,box-3");
    }

    @Test
    void tfrecordFramesCarryValidMaskedCrcsAndTheObjectDetectionFeatures() throws Exception {
        assertThat(run(
                        WithExports.wrap(source(items(), null), List.of(ExportFormat.TFRECORD), false),
                        PlanOptions.defaults()))
                .isZero();
        List<Map<String, List<Object>>> ex = TfRecordReader.read(out.resolve("tfrecord/all.tfrecord"));
        assertThat(ex).hasSize(3);
        Map<String, List<Object>> a = ex.get(0);
        assertThat(a.get("image/height")).containsExactly(48L);
        assertThat(a.get("image/width")).containsExactly(64L);
        assertThat(new String((byte[]) a.get("image/format").get(0), StandardCharsets.UTF_8))
                .isEqualTo("jpeg");
        assertThat(new String((byte[]) a.get("image/source_id").get(0), StandardCharsets.UTF_8))
                .isEqualTo("uuid-a");
        assertThat((byte[]) a.get("image/encoded").get(0)).isEqualTo(Files.readAllBytes(out.resolve("Sebastes/a.jpg")));
        assertThat((float) a.get("image/object/bbox/xmin").get(0)).isCloseTo(4 / 64f, within(1e-6f));
        assertThat((float) a.get("image/object/bbox/xmax").get(0)).isCloseTo(24 / 64f, within(1e-6f));
        assertThat((float) a.get("image/object/bbox/ymin").get(0)).isCloseTo(6 / 48f, within(1e-6f));
        assertThat((float) a.get("image/object/bbox/ymax").get(0)).isCloseTo(16 / 48f, within(1e-6f));
        assertThat(a.get("image/object/class/label")).containsExactly(2L, 1L);
        assertThat(new String((byte[]) a.get("image/object/class/text").get(1), StandardCharsets.UTF_8))
                .isEqualTo("Fish <&> \"x\"");
        assertThat(ex.get(2).get("image/object/bbox/xmin")).isEmpty();
        assertThat(Files.readString(out.resolve("tfrecord/label_map.pbtxt")))
                .isEqualTo(
                        "item {\n  id: 1\n  name: \"Fish <&> \\\"x\\\"\"\n}\nitem {\n  id: 2\n  name: \"Sebastes\"\n}\n");
        // one flipped byte in the body is caught by the reader: the CRC is really checked
        byte[] raw = Files.readAllBytes(out.resolve("tfrecord/all.tfrecord"));
        raw[40] ^= 1;
        Path bad = tmp.resolve("bad.tfrecord");
        Files.write(bad, raw);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TfRecordReader.read(bad))
                .hasMessageContaining("crc");
    }

    @Test
    void boxesFollowATransformThatResizedAndRotatedThePixels() throws Exception {
        server.image("/r", TestImages.jpeg(40, 30, 9), "image/jpeg")
                .image("/s", TestImages.jpeg(40, 30, 8), "image/jpeg");
        byte[] halved = TestImages.png(20, 15, 6), turned = TestImages.png(15, 20, 7);
        ImageTransform t = (part, format) -> {
            boolean rotate = part.getFileName().toString().startsWith("s");
            Files.write(part, rotate ? turned : halved);
            return new ImageTransform.Result(ImageFormat.PNG, 40, 30, rotate ? 6 : 1, true);
        };
        List<MediaItem> items = List.of(
                new MediaItem(server.url("/r"), "x", "r", null, null, null, null, Map.of())
                        .withBoxes(List.of(box("x", 10, 6, 20, 12, null))),
                new MediaItem(server.url("/s"), "x", "s", null, null, null, null, Map.of())
                        .withBoxes(List.of(box("x", 10, 6, 20, 12, null))));
        assertThat(run(
                        WithExports.wrap(source(items, t), List.of(ExportFormat.CSV, ExportFormat.COCO), false),
                        PlanOptions.defaults()))
                .isZero();
        List<String> rows = Files.readAllLines(out.resolve("boxes.csv"));
        // halved: (10,6,20,12) -> (5,3,10,6) in 20x15
        assertThat(rows.get(1)).isEqualTo("x/r.png,,x,5,3,10,6,20,15,,,");
        // EXIF 6 (rotate 90 clockwise) in 40x30 -> (12,10,12,20) in 30x40, then halved -> (6,5,6,10) in 15x20
        assertThat(rows.get(2)).isEqualTo("x/s.png,,x,6,5,6,10,15,20,,,");
        JsonNode coco = JSON.readTree(out.resolve("coco/all.json").toFile());
        assertThat(coco.get("images").get(1).get("width").asInt()).isEqualTo(15);
        assertThat(coco.get("annotations").get(1).get("bbox").toString()).isEqualTo("[6.0,5.0,6.0,10.0]");
    }

    @Test
    void orientationMapsEveryCornerInsideTheTurnedImage() {
        Box b = box("x", 10, 6, 20, 12, null);
        for (int o = 1; o <= 8; o++) {
            Box r = BoxGeometry.orient(b, o, 40, 30);
            double w = o >= 5 ? 30 : 40, h = o >= 5 ? 40 : 30;
            assertThat(r.x()).isBetween(0.0, w);
            assertThat(r.x() + r.width()).isBetween(0.0, w);
            assertThat(r.y() + r.height()).isBetween(0.0, h);
            assertThat(r.width() * r.height()).isEqualTo(240.0);
        }
        assertThat(BoxGeometry.orient(b, 3, 40, 30)).extracting(Box::x, Box::y).containsExactly(10.0, 12.0);
        assertThat(BoxGeometry.orient(b, 8, 40, 30)).extracting(Box::x, Box::y).containsExactly(6.0, 10.0);
    }

    Path findOne(String name) throws Exception {
        try (var s = Files.walk(out)) {
            return s.filter(p -> p.getFileName().toString().equals(name))
                    .findFirst()
                    .orElseThrow();
        }
    }

    static Element voc(Path p) throws Exception {
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(p.toFile());
        return d.getDocumentElement();
    }

    static String text(Element e, String tag) {
        return e.getElementsByTagName(tag).item(0).getTextContent();
    }

    static List<Element> children(Element e, String tag) {
        List<Element> out = new ArrayList<>();
        var nl = e.getElementsByTagName(tag);
        for (int i = 0; i < nl.getLength(); i++) {
            out.add((Element) nl.item(i));
        }
        return out;
    }
}
