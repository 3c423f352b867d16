package org.trawl.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.core.ExitCode;
import org.trawl.testing.TestImages;
import org.w3c.dom.Element;

/**
 * Drives `trawl m3` against a WireMock fake of annosaurus and vars-kb (on 127.0.0.1) serving the
 * real recorded annosaurus JSON (imaged_moment_complete.json): its bounding-box association, its two
 * image references (1920×1080), with image URLs rewritten to the fake.
 */
@QuarkusMainTest
class M3CommandTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String MOMENT = "19d398d2-4ef5-4321-841d-0007d8ae76ce";
    static final String PNG_REF = "230440a2-0a28-4849-97d6-7a2543b78e18";
    static final String JPG_REF = "2bb028ae-8698-4332-9c20-41f9bf985d26";
    static final String OTHER_REF = "5e7f1c3a-0000-4000-8000-000000000001";
    WireMockServer wm;

    @TempDir
    Path tmp;

    String site;
    byte[] png, jpg, other;

    @BeforeEach
    void start() throws Exception {
        wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wm.start();
        site = "http://127.0.0.1:" + wm.port();
        png = TestImages.png(1920, 1080, 1);
        jpg = TestImages.jpeg(1920, 1080, 2);
        other = TestImages.jpeg(640, 480, 3);
        wm.stubFor(get(urlPathEqualTo("/ARCHIVE/frameGrabs/Doc%20Ricketts/images/0616/01_17_59_10.png"))
                .willReturn(aResponse().withHeader("Content-Type", "image/png").withBody(png)));
        wm.stubFor(get(urlPathEqualTo("/ARCHIVE/frameGrabs/Doc%20Ricketts/images/0616/01_17_59_10.jpg"))
                .willReturn(aResponse().withHeader("Content-Type", "image/jpeg").withBody(jpg)));
        // another dive's frame grab with the same timecode name
        wm.stubFor(get(urlPathEqualTo("/ARCHIVE/frameGrabs/Ventana/images/3000/01_17_59_10.png"))
                .willReturn(aResponse().withHeader("Content-Type", "image/jpeg").withBody(other)));
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    /** The recorded moment, image URLs on the fake, plus a second (Sebastes) observation boxed in the same frame. */
    ObjectNode moment() throws Exception {
        ObjectNode m;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/m3/imaged_moment_complete.json")) {
            m = (ObjectNode) JSON.readTree(in);
        }
        for (JsonNode ref : m.get("image_references")) {
            ((ObjectNode) ref).put("url", ref.get("url").asText().replace("http://search.mbari.org", site));
        }
        ObjectNode obs = ((ArrayNode) m.get("observations")).addObject();
        obs.put("uuid", "aaaaaaaa-1111-4111-8111-000000000002");
        obs.put("concept", "Sebastes");
        obs.put("observer", "test");
        ArrayNode assoc = obs.putArray("associations");
        ObjectNode box = assoc.addObject();
        box.put("uuid", "bbbbbbbb-1111-4111-8111-000000000003");
        box.put("link_name", "bounding box");
        box.put("to_concept", "self");
        box.put("mime_type", "application/json");
        box.put(
                "link_value",
                "{\"x\": 10, \"y\": 20, \"width\": 100, \"height\": 50, \"image_reference_uuid\": \"" + PNG_REF
                        + "\"}");
        return m;
    }

    /** One observation of a moment in the fast endpoint's shape, as annosaurus answers it. */
    static ObjectNode fast(ObjectNode moment, int obsIndex) {
        JsonNode obs = moment.get("observations").get(obsIndex);
        ObjectNode o = JSON.createObjectNode();
        o.set("observation_uuid", obs.get("uuid"));
        o.set("concept", obs.get("concept"));
        o.set("observer", obs.get("observer"));
        o.set("video_reference_uuid", moment.get("video_reference_uuid"));
        o.set("imaged_moment_uuid", moment.get("uuid"));
        o.set("recorded_timestamp", moment.get("recorded_timestamp"));
        o.set("timecode", moment.get("timecode"));
        o.set("associations", obs.get("associations"));
        o.set("image_references", moment.get("image_references"));
        return o;
    }

    void serveFast(String encodedConcept, JsonNode body) {
        wm.stubFor(get(urlPathEqualTo("/anno/v1/fast/concept/images/" + encodedConcept))
                .willReturn(okJson(body.toString())));
    }

    void serveKbAndMoment(ObjectNode m) {
        wm.stubFor(
                get(urlPathEqualTo("/kb/v1/phylogeny/down/Poralia"))
                        .willReturn(
                                okJson(
                                        "{\"name\":\"Poralia\",\"rank\":\"genus\",\"children\":[{\"name\":\"Poralia rufescens\",\"rank\":\"species\"}]}")));
        wm.stubFor(get(urlPathEqualTo("/kb/v1/phylogeny/down/Poralia%20rufescens"))
                .willReturn(okJson("{\"name\":\"Poralia rufescens\",\"rank\":\"species\"}")));
        wm.stubFor(get(urlPathEqualTo("/kb/v1/phylogeny/down/Nothing"))
                .willReturn(aResponse()
                        .withStatus(404)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"No concept named Nothing was found\",\"responseCode\":404}")));
        wm.stubFor(get(urlPathEqualTo("/anno/v1/imagedmoments/" + MOMENT)).willReturn(okJson(m.toString())));
        serveFast("Poralia", JSON.createArrayNode());
    }

    /** What the user sees on stderr (the IT drops the start/stop lines its raised log level adds). */
    String errorOutput(LaunchResult r) {
        return r.getErrorOutput();
    }

    static String[] args(Object... a) {
        return java.util.stream.Stream.of(a).map(String::valueOf).toArray(String[]::new);
    }

    @Test
    void digestFollowsDescendantsAndAllBoxesAndRetriesA503(QuarkusMainLauncher launcher) throws Exception {
        ObjectNode m = moment();
        serveKbAndMoment(m);
        // the first answer is a 503 with Retry-After: the call is retried, not fatal
        wm.stubFor(get(urlPathEqualTo("/anno/v1/fast/concept/images/Poralia%20rufescens"))
                .inScenario("busy")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "0"))
                .willSetStateTo("ok"));
        wm.stubFor(get(urlPathEqualTo("/anno/v1/fast/concept/images/Poralia%20rufescens"))
                .inScenario("busy")
                .whenScenarioStateIs("ok")
                .willReturn(okJson(JSON.createArrayNode().add(fast(m, 0)).toString())));
        Path digest = tmp.resolve("Poralia_desc_digest.json");

        LaunchResult r = launcher.launch(args("m3", "digest", "Poralia", "-d", "-a", "-o", digest, "--m3-url", site));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        JsonNode d = JSON.readTree(digest.toFile());
        assertThat(d).hasSize(2);
        assertThat(d.get(0).get("concept").asText()).isEqualTo("Poralia rufescens");
        assertThat(d.get(1).get("concept").asText()).isEqualTo("Sebastes"); // from the same imaged moment (-a)
        assertThat(d.get(1).get("imaged_moment_uuid").asText()).isEqualTo(MOMENT);
        assertThat(d.get(1).get("recorded_timestamp").asText()).isEqualTo("2014-05-23T14:44:02Z");
        assertThat(d.get(1).get("image_references")).hasSize(2);
        assertThat(wm.findAll(getRequestedFor(urlPathEqualTo("/anno/v1/fast/concept/images/Poralia%20rufescens"))))
                .hasSize(2);
        assertThat(org.trawl.source.m3.M3Digest.fileName("Poralia", true)).isEqualTo("Poralia_desc_digest.json");
    }

    @Test
    void unknownConceptInTheKbIsAUsageError(QuarkusMainLauncher launcher) throws Exception {
        serveKbAndMoment(moment());
        LaunchResult r =
                launcher.launch(args("m3", "digest", "Nothing", "-d", "-o", tmp.resolve("d.json"), "--m3-url", site));
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.getErrorOutput()).contains("no concept named 'Nothing'").doesNotContain("Exception");
    }

    @Test
    void malformedBoxesAreReportedAndSkippedNeverFatal(QuarkusMainLauncher launcher) throws Exception {
        ObjectNode m = moment();
        ArrayNode digest = JSON.createArrayNode().add(fast(m, 0)).add(fast(m, 1));
        ObjectNode broken = fast(m, 1).deepCopy();
        broken.put("observation_uuid", "cccccccc-1111-4111-8111-000000000004");
        ObjectNode badAssoc = ((ArrayNode) broken.get("associations")).get(0).deepCopy();
        badAssoc.put("link_value", "{\"x\": 10, \"y\": ");
        ObjectNode noWidth = badAssoc.deepCopy();
        noWidth.put("link_value", "{\"x\": 10, \"y\": 3, \"height\": 4}");
        broken.putArray("associations").add(badAssoc).add(noWidth);
        digest.add(broken);
        Path d = tmp.resolve("d.json");
        Files.writeString(d, digest.toString());
        Path out = tmp.resolve("localizations.json");

        LaunchResult r = launcher.launch(args("m3", "localizations", d, "-o", out));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        assertThat(r.getErrorOutput())
                .contains("malformed bounding box (link_value is not JSON)")
                .contains("malformed bounding box (no numeric width)");
        JsonNode locs = JSON.readTree(out.toFile());
        assertThat(locs).hasSize(2);
        JsonNode first = locs.get(0);
        assertThat(first.get("association_uuid").asText()).isEqualTo("dcecfa8f-8286-4a92-f966-ce76d4c4aa1e");
        assertThat(first.get("localization").get("x").asInt()).isEqualTo(534);
        assertThat(first.get("localization").get("image_reference_uuid").asText())
                .isEqualTo(PNG_REF);
        assertThat(first.get("image_urls").get(PNG_REF).asText()).startsWith(site);
        assertThat(first.get("image_urls")).hasSize(2);

        LaunchResult bad = launcher.launch(args("m3", "localizations", tmp.resolve("nope.json"), "-o", out));
        assertThat(bad.exitCode()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void aDigestThatIsNotJsonIsOneLineAndExitTwo(QuarkusMainLauncher launcher) throws Exception {
        Path out = tmp.resolve("localizations.json");
        Files.writeString(tmp.resolve("broken.json"), "[{");
        LaunchResult broken2 = launcher.launch(args("m3", "localizations", tmp.resolve("broken.json"), "-o", out));
        assertThat(broken2.exitCode()).isEqualTo(ExitCode.USAGE);
        String err = errorOutput(broken2);
        assertThat(err)
                .contains("broken.json: not valid JSON")
                .doesNotContain("\tat ")
                .doesNotContain("Exception");
        assertThat(err.lines().filter(l -> l.startsWith("trawl:")).count())
                .as(err)
                .isEqualTo(1);
    }

    /** localizations.json: the two recorded boxes on the png, and one on another dive's same-named frame without a URL. */
    Path localizations() throws Exception {
        ObjectNode m = moment();
        ArrayNode locs = JSON.createArrayNode();
        for (int i = 0; i < 2; i++) {
            JsonNode obs = m.get("observations").get(i);
            JsonNode a = null;
            for (JsonNode x : obs.get("associations")) {
                if (x.get("link_name").asText().equals("bounding box")) {
                    a = x;
                }
            }
            ObjectNode l = locs.addObject();
            l.set("observation_uuid", obs.get("uuid"));
            l.set("association_uuid", a.get("uuid"));
            l.set("concept", obs.get("concept"));
            l.set("localization", JSON.readTree(a.get("link_value").asText()));
            ObjectNode urls = l.putObject("image_urls");
            for (JsonNode ref : m.get("image_references")) {
                urls.put(ref.get("uuid").asText(), ref.get("url").asText());
            }
        }
        ObjectNode l = locs.addObject();
        l.put("observation_uuid", "dddddddd-1111-4111-8111-000000000005");
        l.put("association_uuid", "eeeeeeee-1111-4111-8111-000000000006");
        l.put("concept", "Sebastes");
        l.set(
                "localization",
                JSON.readTree("{\"x\": 5, \"y\": 6, \"width\": 70, \"height\": 80, \"image_reference_uuid\": \""
                        + OTHER_REF.toUpperCase() + "\"}"));
        l.putObject("image_urls");
        wm.stubFor(get(urlPathEqualTo("/anno/v1/imagereferences/" + OTHER_REF.toLowerCase()))
                .willReturn(okJson("{\"uuid\":\"" + OTHER_REF + "\",\"url\":\"" + site
                        + "/ARCHIVE/frameGrabs/Ventana/images/3000/01_17_59_10.png\","
                        + "\"format\":\"image/png\",\"width_pixels\":640,\"height_pixels\":480}")));
        Path p = tmp.resolve("localizations.json");
        Files.writeString(p, locs.toString());
        return p;
    }

    @Test
    void imagesThenEveryReformat(QuarkusMainLauncher launcher) throws Exception {
        Path locs = localizations();
        Path out = tmp.resolve("imgs");

        LaunchResult r = launcher.launch(args("m3", "images", locs, out, "-j", 4, "--m3-url", site, "-q"));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        // only the boxed png, not the jpg of the same moment; same-named frames of two dives both kept
        assertThat(Files.readAllBytes(out.resolve("01_17_59_10.png"))).isEqualTo(png);
        Path second = out.resolve("01_17_59_10_" + OTHER_REF + ".jpg");
        assertThat(Files.readAllBytes(second)).isEqualTo(other);
        try (var files = Files.list(out)) {
            assertThat(files.filter(f -> f.toString().endsWith(".jpg")
                                    || f.toString().endsWith(".png"))
                            .count())
                    .isEqualTo(2);
        }
        JsonNode map = JSON.readTree(out.resolve("image_map.json").toFile());
        assertThat(map.get(PNG_REF).asText()).isEqualTo("01_17_59_10.png");
        assertThat(map.get(OTHER_REF).asText()).isEqualTo("01_17_59_10_" + OTHER_REF + ".jpg");
        List<String> names = new ArrayList<>();
        map.fieldNames().forEachRemaining(names::add);
        assertThat(names).isSorted();
        assertThat(Files.readString(out.resolve("metadata.csv")))
                .contains("image_reference_uuid")
                .contains(PNG_REF);

        // running again fetches nothing
        int before = wm.getAllServeEvents().size();
        assertThat(launcher.launch(args("m3", "images", locs, out, "--m3-url", site, "-q"))
                        .exitCode())
                .isZero();
        assertThat(wm.findAll(getRequestedFor(
                        urlPathEqualTo("/ARCHIVE/frameGrabs/Doc%20Ricketts/images/0616/01_17_59_10.png"))))
                .hasSize(1);
        assertThat(wm.getAllServeEvents().size() - before).isLessThanOrEqualTo(1); // at most the image-reference lookup

        Path map2 = out.resolve("image_map.json");
        // COCO
        LaunchResult coco = launcher.launch(
                args("m3", "reformat", locs, "-f", "COCO", "-o", tmp.resolve("r"), "--image-map", map2));
        assertThat(coco.exitCode()).as(coco.getErrorOutput()).isZero();
        JsonNode c = JSON.readTree(tmp.resolve("r.json").toFile());
        assertThat(c.get("images")).hasSize(2);
        assertThat(c.get("images").get(0).get("id").asLong()).isEqualTo(1);
        assertThat(c.get("images").get(0).get("width").asInt()).isEqualTo(1920);
        assertThat(c.get("images").get(0).get("file_name").asText()).isEqualTo("01_17_59_10.png");
        assertThat(c.get("images").get(0).get("source_id").asText()).isEqualTo(PNG_REF);
        assertThat(c.get("annotations")).hasSize(3);
        assertThat(c.get("annotations").get(0).get("bbox").toString()).isEqualTo("[534.0,2.0,1290.0,1079.0]");
        assertThat(c.get("annotations").get(0).get("box_id").asText())
                .isEqualTo("dcecfa8f-8286-4a92-f966-ce76d4c4aa1e");
        List<String> cats = new ArrayList<>();
        c.get("categories").forEach(x -> cats.add(x.get("name").asText()));
        assertThat(cats).containsExactly("Poralia rufescens", "Sebastes");

        // VOC: 0-based like m3-download by default
        assertThat(launcher.launch(
                                args("m3", "reformat", locs, "-f", "VOC", "-o", tmp.resolve("v"), "--image-map", map2))
                        .exitCode())
                .isZero();
        Element voc = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(tmp.resolve("v/01_17_59_10.xml").toFile())
                .getDocumentElement();
        assertThat(voc.getElementsByTagName("width").item(0).getTextContent()).isEqualTo("1920");
        Element o = (Element) voc.getElementsByTagName("object").item(0);
        assertThat(List.of("xmin", "ymin", "xmax", "ymax").stream()
                        .map(t -> o.getElementsByTagName(t).item(0).getTextContent()))
                .containsExactly("534", "2", "1824", "1080"); // y+h = 1081 is clamped to the 1080-pixel image
        assertThat(launcher.launch(args(
                                "m3",
                                "reformat",
                                locs,
                                "-f",
                                "voc",
                                "--voc-origin",
                                "1",
                                "-o",
                                tmp.resolve("v1"),
                                "--image-map",
                                map2))
                        .exitCode())
                .isZero();
        assertThat(Files.readString(tmp.resolve("v1/01_17_59_10.xml")))
                .contains("<xmin>535</xmin>")
                .contains("<xmax>1824</xmax>");

        // CSV, TF, YOLO
        assertThat(launcher.launch(
                                args("m3", "reformat", locs, "-f", "CSV", "-o", tmp.resolve("c"), "--image-map", map2))
                        .exitCode())
                .isZero();
        assertThat(Files.readAllLines(tmp.resolve("c.csv")))
                .hasSize(4)
                .contains("01_17_59_10.png,,Poralia rufescens,534,2,1290,1079,1920,1080,m3," + PNG_REF
                        + ",dcecfa8f-8286-4a92-f966-ce76d4c4aa1e");
        assertThat(launcher.launch(
                                args("m3", "reformat", locs, "-f", "TF", "-o", tmp.resolve("t"), "--image-map", map2))
                        .exitCode())
                .isZero();
        assertThat(org.trawl.export.TfRecordReaderAccess.read(tmp.resolve("t.tfrecord")))
                .hasSize(2);
        assertThat(launcher.launch(
                                args("m3", "reformat", locs, "-f", "YOLO", "-o", tmp.resolve("y"), "--image-map", map2))
                        .exitCode())
                .isZero();
        assertThat(Files.readAllLines(tmp.resolve("y/01_17_59_10.txt"))).hasSize(2);
        assertThat(Files.readString(tmp.resolve("y/dataset.yaml"))).contains("nc: 2");
        assertThat(launcher.launch(args(
                                "m3",
                                "reformat",
                                locs,
                                "-f",
                                "WEBDATASET",
                                "-o",
                                tmp.resolve("w"),
                                "--image-map",
                                map2))
                        .exitCode())
                .isZero();
        var shard = org.trawl.export.TarReader.samples(tmp.resolve("w/all-000000.tar"));
        assertThat(shard).hasSize(2).containsKey("01_17_59_10");
        JsonNode sample = JSON.readTree(shard.get("01_17_59_10").get("json").body());
        assertThat(sample.get("source_id").asText()).isEqualTo(PNG_REF);
        assertThat(sample.get("boxes")).hasSize(2);
        assertThat(sample.get("boxes").get(0).get("width").asDouble()).isPositive();

        // --export adds formats: files beside -f's, folder formats in NAME_<fmt>/ (VOC and YOLO would share NAME/)
        LaunchResult several = launcher.launch(args(
                "m3",
                "reformat",
                locs,
                "-f",
                "VOC",
                "--export",
                "coco,csv,yolo",
                "-o",
                tmp.resolve("m"),
                "--image-map",
                map2));
        assertThat(several.exitCode()).as(several.getErrorOutput()).isZero();
        assertThat(several.getOutput())
                .contains("2 images, 3 boxes -> " + tmp.resolve("m") + "/, " + tmp.resolve("m.json") + ", "
                        + tmp.resolve("m.csv") + ", " + tmp.resolve("m_yolo") + "/");
        assertThat(tmp.resolve("m/01_17_59_10.xml")).exists();
        assertThat(JSON.readTree(tmp.resolve("m.json").toFile()).get("annotations"))
                .hasSize(3);
        assertThat(Files.readAllLines(tmp.resolve("m.csv"))).hasSize(4);
        assertThat(Files.readAllLines(tmp.resolve("m_yolo/01_17_59_10.txt"))).hasSize(2);

        LaunchResult badFmt = launcher.launch(args("m3", "reformat", locs, "-f", "XML", "--image-map", map2));
        assertThat(badFmt.exitCode()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void imagesMaxSizeShrinksTheImagesAndReformatScalesTheirBoxes(QuarkusMainLauncher launcher) throws Exception {
        Path locs = localizations();
        Path out = tmp.resolve("small");

        LaunchResult r = launcher.launch(args("m3", "images", locs, out, "--max-size", 480, "--m3-url", site, "-q"));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        // 1920x1080 -> 480x270 (x0.25), the other dive's 640x480 -> 480x360 (x0.75)
        assertThat(org.trawl.image.ImageInfo.read(out.resolve("01_17_59_10.png"))
                        .orElseThrow()
                        .width())
                .isEqualTo(480);
        Path second = out.resolve("01_17_59_10_" + OTHER_REF + ".jpg");
        assertThat(org.trawl.image.ImageInfo.read(second).orElseThrow().height())
                .isEqualTo(360);
        List<String> meta = Files.readAllLines(out.resolve("metadata.csv"));
        List<String> header = List.of(meta.get(0).split(",", -1));
        String pngRow = meta.stream()
                .filter(l -> l.contains("01_17_59_10.png"))
                .findFirst()
                .orElseThrow();
        List<String> row = List.of(pngRow.split(",", -1));
        assertThat(row.get(header.indexOf("width"))).isEqualTo("480");
        assertThat(row.get(header.indexOf("height"))).isEqualTo("270");
        assertThat(row.get(header.indexOf("source_width"))).isEqualTo("1920");
        assertThat(row.get(header.indexOf("source_height"))).isEqualTo("1080");

        Path map = out.resolve("image_map.json");
        LaunchResult coco =
                launcher.launch(args("m3", "reformat", locs, "-f", "COCO", "-o", tmp.resolve("r"), "--image-map", map));
        assertThat(coco.exitCode()).as(coco.getErrorOutput()).isZero();
        JsonNode c = JSON.readTree(tmp.resolve("r.json").toFile());
        assertThat(c.get("images").get(0).get("width").asInt()).isEqualTo(480);
        assertThat(c.get("images").get(0).get("height").asInt()).isEqualTo(270);
        List<String> bboxes = new ArrayList<>();
        c.get("annotations").forEach(a -> bboxes.add(a.get("bbox").toString()));
        assertThat(bboxes)
                .containsExactly(
                        "[133.5,0.5,322.5,269.75]", // 534,2,1290,1079 as served
                        "[2.5,5.0,25.0,12.5]", // 10,20,100,50
                        "[3.75,4.5,52.5,60.0]"); // 5,6,70,80 on the 640x480 frame

        assertThat(launcher.launch(
                                args("m3", "reformat", locs, "-f", "VOC", "-o", tmp.resolve("v"), "--image-map", map))
                        .exitCode())
                .isZero();
        assertThat(Files.readString(tmp.resolve("v/01_17_59_10.xml")))
                .contains("<width>480</width>")
                .contains("<height>270</height>")
                .contains("<xmax>456</xmax>") // (534 + 1290) x 0.25
                .doesNotContain("<xmax>1824</xmax>");
        assertThat(launcher.launch(
                                args("m3", "reformat", locs, "-f", "YOLO", "-o", tmp.resolve("y"), "--image-map", map))
                        .exitCode())
                .isZero();
        // YOLO is normalised to the stored image: the same numbers as at full size (y+h clamped to the image)
        assertThat(Files.readAllLines(tmp.resolve("y/01_17_59_10.txt")))
                .contains("0 0.614063 0.500926 0.671875 0.998148");

        LaunchResult bad = launcher.launch(args("m3", "images", locs, out, "--max-size", 0, "--m3-url", site));
        assertThat(bad.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(bad.getErrorOutput()).contains("trawl: --max-size must be a positive number of pixels");
    }

    @Test
    void centerCropClipsAndDropsBoxesAndPadOffsetsThem(QuarkusMainLauncher launcher) throws Exception {
        Path locs = localizations();
        Path crop = tmp.resolve("crop");

        LaunchResult r = launcher.launch(args(
                "m3",
                "images",
                locs,
                crop,
                "--resize",
                256,
                "--resize-mode",
                "center-crop",
                "--m3-url",
                site,
                "--export",
                "coco,yolo",
                "--json"));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        // 1920x1080 -> 455x256, crop 256x256 at x -99; 640x480 -> 341x256, crop at x -42
        assertThat(org.trawl.image.ImageInfo.read(crop.resolve("01_17_59_10.png"))
                        .orElseThrow()
                        .width())
                .isEqualTo(256);
        // of the three boxes, only 534,2,1290,1079 reaches into a crop: the other two lie left of it
        assertThat(JSON.readTree(r.getOutput()).get("boxes_outside_crop").asInt())
                .isEqualTo(2);
        JsonNode c = JSON.readTree(crop.resolve("coco/all.json").toFile());
        List<String> bboxes = new ArrayList<>();
        c.get("annotations").forEach(a -> bboxes.add(a.get("bbox").toString()));
        // x 534 * 455/1920 - 99 = 27.547, clipped to the right edge 256; y 2 * 256/1080 = 0.474, to the bottom
        assertThat(bboxes).hasSize(1);
        JsonNode bb = c.get("annotations").get(0).get("bbox");
        // (COCO writes two decimals)
        assertThat(bb.get(0).asDouble()).isCloseTo(534 * 455 / 1920.0 - 99, within(0.005));
        assertThat(bb.get(1).asDouble()).isCloseTo(2 * 256 / 1080.0, within(0.005));
        assertThat(bb.get(0).asDouble() + bb.get(2).asDouble()).isCloseTo(256, within(0.01));
        assertThat(bb.get(1).asDouble() + bb.get(3).asDouble()).isCloseTo(256, within(0.01));
        List<String> meta = Files.readAllLines(crop.resolve("metadata.csv"));
        assertThat(String.join("\n", meta))
                .contains("center-crop 256: 1920x1080 -> 455x256; crop 256x256")
                .contains("center-crop 256: 640x480 -> 341x256; crop 256x256; q90 4:2:0");

        // m3 reformat reads the same record fields: the same box, the same two left out
        Path map = crop.resolve("image_map.json");
        LaunchResult coco =
                launcher.launch(args("m3", "reformat", locs, "-f", "COCO", "-o", tmp.resolve("r"), "--image-map", map));
        assertThat(coco.exitCode()).as(coco.getErrorOutput()).isZero();
        assertThat(coco.getOutput()).contains("1 boxes (2 outside a center-crop left out)");
        assertThat(JSON.readTree(tmp.resolve("r.json").toFile())
                        .get("annotations")
                        .get(0)
                        .get("bbox"))
                .isEqualTo(bb);

        Path pad = tmp.resolve("pad");
        LaunchResult p = launcher.launch(args(
                "m3",
                "images",
                locs,
                pad,
                "--max-size",
                256,
                "--resize-mode",
                "pad",
                "--pad-color",
                "#ffffff",
                "--m3-url",
                site,
                "--export",
                "coco",
                "-q"));
        assertThat(p.exitCode()).as(p.getErrorOutput()).isZero();
        // 1920x1080 -> 256x144 at y 56 on 256x256; 640x480 -> 256x192 at y 32
        JsonNode pc = JSON.readTree(pad.resolve("coco/all.json").toFile());
        List<String> padded = new ArrayList<>();
        pc.get("annotations").forEach(a -> padded.add(a.get("bbox").toString()));
        assertThat(pc.get("images").get(0).get("width").asInt()).isEqualTo(256);
        assertThat(pc.get("images").get(0).get("height").asInt()).isEqualTo(256);
        assertThat(padded)
                .containsExactlyInAnyOrder(
                        "[71.2,56.27,172.0,143.87]", // 534,2,1290,1079 x 2/15, y +56
                        "[1.33,58.67,13.33,6.67]", // 10,20,100,50 x 2/15, y +56
                        "[2.0,34.4,28.0,32.0]"); // 5,6,70,80 x 0.4, y +32
    }

    @Test
    void getRunsEveryStepAndResumes(QuarkusMainLauncher launcher) throws Exception {
        ObjectNode m = moment();
        serveKbAndMoment(m);
        serveFast("Poralia%20rufescens", JSON.createArrayNode().add(fast(m, 0)));
        Path out = tmp.resolve("ds");

        LaunchResult r = launcher.launch(
                args("m3", "get", "Poralia rufescens", "-a", "-o", out, "-f", "coco,yolo", "--m3-url", site, "-q"));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        assertThat(out.resolve("Poralia_rufescens_digest.json")).exists();
        assertThat(JSON.readTree(out.resolve("localizations.json").toFile())).hasSize(2);
        assertThat(out.resolve("01_17_59_10.png")).exists();
        JsonNode coco = JSON.readTree(out.resolve("coco/all.json").toFile());
        assertThat(coco.get("images")).hasSize(1);
        assertThat(coco.get("annotations")).hasSize(2);
        assertThat(out.resolve("01_17_59_10.txt")).exists();
        assertThat(out.resolve("yolo/dataset.yaml")).exists();
        assertThat(JSON.readTree(out.resolve("image_map.json").toFile())
                        .get(PNG_REF)
                        .asText())
                .isEqualTo("01_17_59_10.png");

        LaunchResult again = launcher.launch(
                args("m3", "get", "Poralia rufescens", "-a", "-o", out, "-f", "coco", "--m3-url", site, "--json"));
        assertThat(again.exitCode()).isZero();
        assertThat(JSON.readTree(again.getOutput()).get("skipped").asInt()).isEqualTo(1);
    }

    @Test
    void getTakesEachObservationOnceWhenConceptsOverlap(QuarkusMainLauncher launcher) throws Exception {
        ObjectNode m = moment();
        serveKbAndMoment(m);
        serveFast("Poralia%20rufescens", JSON.createArrayNode().add(fast(m, 0)));
        Path out = tmp.resolve("ds");

        // "Poralia" with -d already holds "Poralia rufescens": its box must not be exported twice
        LaunchResult r = launcher.launch(args(
                "m3",
                "get",
                "Poralia",
                "Poralia rufescens",
                "-d",
                "-o",
                out,
                "-f",
                "csv",
                "--m3-url",
                site,
                "-q",
                "--dry-run"));
        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        assertThat(JSON.readTree(out.resolve("localizations.json").toFile())).hasSize(1);
        assertThat(out.resolve("Poralia_desc_digest.json")).exists();
        assertThat(out.resolve("Poralia_rufescens_desc_digest.json")).exists();
        assertThat(out.resolve("01_17_59_10.png")).doesNotExist(); // --dry-run: nothing downloaded
    }
}
