package org.trawl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.export.TarReader;
import org.trawl.export.TfRecordReaderAccess;
import org.trawl.testing.Archives;
import org.trawl.testing.FaultServer;
import org.trawl.testing.TestImages;

/** --export webdataset (and the other formats) on classification sources, through the real CLI. */
@QuarkusMainTest
class WebDatasetExportTest {
    static final ObjectMapper JSON = new ObjectMapper();
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

    static String[] args(Object... a) {
        return Stream.of(a).map(String::valueOf).toArray(String[]::new);
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    static List<Path> tars(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".tar")).sorted().toList();
        }
    }

    /** Every file under the webdataset folder, by name, with its bytes. */
    static Map<String, byte[]> snapshot(Path dir) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                m.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return m;
    }

    @Test
    void urlListWithASplitBecomesShardsPerSubsetThatARerunRewritesByteForByte(QuarkusMainLauncher launcher)
            throws Exception {
        Map<String, byte[]> served = new HashMap<>();
        StringBuilder csv = new StringBuilder("url,label,basename,license,rights_holder\n");
        for (int i = 0; i < 12; i++) {
            String label = i % 3 == 0 ? "Quercus robur" : i % 3 == 1 ? "Pinus sylvestris L." : "Épicéa";
            byte[] body = i % 2 == 0 ? TestImages.jpeg(30 + i, 20, i) : TestImages.png(30, 20 + i, i);
            String path = "/img" + i + (i % 2 == 0 ? ".jpg" : ".png");
            server.image(path, body, i % 2 == 0 ? "image/jpeg" : "image/png");
            served.put(server.url(path), body);
            csv.append(server.url(path))
                    .append(',')
                    .append(label)
                    .append(",n.")
                    .append(i)
                    .append(",CC-BY,Ann ")
                    .append(i)
                    .append('\n');
        }
        Path list = tmp.resolve("l.csv");
        Files.writeString(list, csv.toString(), StandardCharsets.UTF_8);
        String[] cmd = args(
                "urls",
                list,
                "-o",
                out,
                "--export",
                "webdataset",
                "--split",
                "train=0.5,test=0.5",
                "--seed",
                3,
                "--wds-shard-size",
                4);

        LaunchResult r = launcher.launch(cmd);

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        Path wds = out.resolve("webdataset");
        assertThat(Files.readString(wds.resolve("classes.txt")))
                .isEqualTo("Pinus sylvestris L.\nQuercus robur\nÉpicéa\n");
        List<String> meta = Files.readAllLines(out.resolve("metadata.csv"));
        int total = 0;
        for (String subset : List.of("train", "test")) {
            JsonNode index = JSON.readTree(wds.resolve(subset + ".json").toFile());
            int n = 0;
            for (JsonNode shard : index.get("shardlist")) {
                Path tar = wds.resolve(shard.get("url").asText());
                assertThat(tar.getFileName().toString()).matches(subset + "-\\d{6}\\.tar");
                Map<String, Map<String, TarReader.Entry>> samples = TarReader.samples(tar);
                assertThat(samples).hasSize(shard.get("nsamples").asInt()).hasSizeLessThanOrEqualTo(4);
                for (Map.Entry<String, Map<String, TarReader.Entry>> s : samples.entrySet()) {
                    assertThat(s.getKey())
                            .doesNotContain(".")
                            .doesNotContain("/")
                            .startsWith(subset + "__");
                    JsonNode j = JSON.readTree(s.getValue().get("json").body());
                    String ext = j.get("path")
                            .asText()
                            .substring(j.get("path").asText().lastIndexOf('.') + 1);
                    byte[] image = s.getValue().get(ext).body();
                    assertThat(image).isEqualTo(served.get(j.get("url").asText()));
                    assertThat(image)
                            .isEqualTo(
                                    Files.readAllBytes(out.resolve(j.get("path").asText())));
                    assertThat(j.get("subset").asText()).isEqualTo(subset);
                    assertThat(j.get("source").asText()).isEqualTo("urls");
                    assertThat(j.get("license").asText()).isEqualTo("CC-BY");
                    assertThat(j.get("rights_holder").asText()).startsWith("Ann ");
                    assertThat(j.get("sha256").asText()).isEqualTo(sha256(image));
                    assertThat(j.get("width").asInt()).isPositive();
                    assertThat(j.has("boxes")).isFalse();
                    List<String> classes = List.of("Pinus sylvestris L.", "Quercus robur", "Épicéa");
                    assertThat(s.getValue().get("cls").text())
                            .isEqualTo(Integer.toString(
                                    classes.indexOf(j.get("label").asText())));
                    assertThat(meta)
                            .anyMatch(
                                    l -> l.startsWith(j.get("path").asText() + ",") && l.contains("," + subset + ","));
                    n++;
                }
            }
            assertThat(n).isPositive();
            total += n;
        }
        assertThat(total).isEqualTo(12);
        Map<String, byte[]> first = snapshot(wds);

        LaunchResult again = launcher.launch(cmd);
        assertThat(again.exitCode()).as(again.getErrorOutput()).isEqualTo(0);
        assertThat(again.getOutput()).contains("12 skipped");
        Map<String, byte[]> second = snapshot(wds);
        assertThat(second.keySet()).isEqualTo(first.keySet());
        first.forEach((name, bytes) -> assertThat(second.get(name)).as(name).isEqualTo(bytes));

        // a bigger shard size makes fewer shards: the ones the new set does not have are gone
        LaunchResult bigger = launcher.launch(
                args("urls", list, "-o", out, "--export", "wds", "--split", "train=0.5,test=0.5", "--seed", 3));
        assertThat(bigger.exitCode()).isEqualTo(0);
        assertThat(tars(wds))
                .extracting(p -> p.getFileName().toString())
                .containsExactly("test-000000.tar", "train-000000.tar");
    }

    @Test
    void dryRunWritesNoExportAndBadExportOptionsStopBeforeAnyRequest(QuarkusMainLauncher launcher) throws Exception {
        server.image("/a.jpg", TestImages.jpeg(10, 10, 1), "image/jpeg");
        Path list = tmp.resolve("l.txt");
        Files.writeString(list, server.url("/a.jpg") + "\n");

        LaunchResult dry = launcher.launch(args("urls", list, "-o", out, "--export", "webdataset,coco", "--dry-run"));
        assertThat(dry.exitCode()).isEqualTo(0);
        assertThat(out.resolve("webdataset")).doesNotExist();
        assertThat(out.resolve("coco")).doesNotExist();

        for (String[] bad : List.of(
                new String[] {"--export", "webdatasets"},
                new String[] {"--export", "wds", "--wds-shard-bytes", "1X"},
                new String[] {"--export", "wds", "--wds-shard-size", "0"})) {
            List<String> a = new ArrayList<>(List.of("urls", list.toString(), "-o", out.toString()));
            a.addAll(List.of(bad));
            LaunchResult r = launcher.launch(a.toArray(String[]::new));
            assertThat(r.exitCode()).as(String.join(" ", bad)).isEqualTo(2);
            assertThat(IiifCommandTest.userErrors(r))
                    .hasSize(1); // the packaged app (IT) adds Quarkus's start/stop lines
            assertThat(r.getErrorOutput()).doesNotContain("Exception");
        }
        assertThat(server.hits("/a.jpg")).isZero();
    }

    @Test
    void gbifArchiveExportsEveryFormatAndNoDroppedDuplicate(QuarkusMainLauncher launcher) throws Exception {
        List<Archives.Occ> occ = new ArrayList<>();
        List<Archives.Media> media = new ArrayList<>();
        byte[] same = TestImages.jpeg(30, 30, 99);
        for (int i = 1; i <= 5; i++) {
            String sp = i <= 3 ? "A" : "B";
            occ.add(new Archives.Occ("" + i, sp, sp.toLowerCase(), "CC0_1_0"));
            media.add(new Archives.Media("" + i, "StillImage", server.url("/i" + i + ".jpg"), "", "", ""));
            server.image("/i" + i + ".jpg", i <= 2 ? same : TestImages.jpeg(31, 20 + i, i), "image/jpeg");
        }
        Path zip = Archives.zip(tmp.resolve("p.zip"), Archives.gbif(occ, media));
        LaunchResult r = launcher.launch(args(
                "gbif",
                "dwca",
                zip,
                "--label",
                "speciesKey",
                "--dedup",
                "-o",
                out,
                "--export",
                "webdataset,coco,yolo,voc,csv,tfrecord"));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        Map<String, Map<String, TarReader.Entry>> samples = TarReader.samples(out.resolve("webdataset/all-000000.tar"));
        assertThat(samples).as("the dropped copy is in no shard").hasSize(4);
        assertThat(samples.values()).allSatisfy(s -> assertThat(s).containsOnlyKeys("jpg", "cls", "json"));
        assertThat(samples.values().stream().map(s -> s.get("cls").text()).sorted())
                .containsExactly("0", "0", "1", "1");
        JsonNode j =
                JSON.readTree(samples.values().iterator().next().get("json").body());
        assertThat(j.get("source").asText()).isEqualTo("gbif-dwca");
        assertThat(j.get("source_id").asText()).isNotEmpty();
        assertThat(Files.readString(out.resolve("webdataset/classes.txt"))).isEqualTo("A\nB\n");

        JsonNode coco = JSON.readTree(out.resolve("coco/all.json").toFile());
        assertThat(coco.get("images")).hasSize(4);
        assertThat(coco.get("annotations")).isEmpty();
        String first = coco.get("images").get(0).get("file_name").asText();
        String stem = first.substring(0, first.lastIndexOf('.'));
        assertThat(out.resolve(stem + ".txt"))
                .as("YOLO: an empty label file is a background image")
                .content()
                .isEmpty();
        assertThat(Files.readString(out.resolve("voc/Annotations/" + stem + ".xml")))
                .doesNotContain("<object>");
        assertThat(Files.readAllLines(out.resolve("boxes.csv"))).hasSize(1);
        List<Map<String, List<Object>>> ex = TfRecordReaderAccess.read(out.resolve("tfrecord/all.tfrecord"));
        assertThat(ex).hasSize(4);
        assertThat(ex).allSatisfy(e -> assertThat(e.get("image/class/label")).hasSize(1));
        assertThat(ex.stream()
                        .map(e -> new String((byte[]) e.get("image/class/text").get(0), StandardCharsets.UTF_8) + "="
                                + e.get("image/class/label").get(0))
                        .sorted())
                .containsExactly("A=1", "A=1", "B=2", "B=2");
        assertThat(Files.readString(out.resolve("tfrecord/label_map.pbtxt")))
                .isEqualTo("item {\n  id: 1\n  name: \"A\"\n}\nitem {\n  id: 2\n  name: \"B\"\n}\n");
    }

    @Test
    void everyDownloadingCommandTakesExport(QuarkusMainLauncher launcher) {
        for (String cmd :
                List.of("urls", "gbif search", "gbif dwca", "iiif", "som get", "m3 images", "m3 get", "fathomnet")) {
            List<String> a = new ArrayList<>(List.of(cmd.split(" ")));
            a.add("--help");
            LaunchResult r = launcher.launch(a.toArray(String[]::new));
            assertThat(r.exitCode()).as(cmd).isEqualTo(0);
            assertThat(r.getOutput())
                    .as(cmd)
                    .contains("--export=FMT")
                    .contains("webdataset")
                    .contains("--wds-shard-size=N")
                    .contains("--wds-shard-bytes=SIZE")
                    .contains("--voc-origin");
        }
    }

    @Test
    void iiifManifestExportsUnlabelledSamplesBesideItsOwnFiles(QuarkusMainLauncher launcher) throws Exception {
        System.setProperty("java.awt.headless", "true");
        try (org.trawl.testing.IiifFakeServer iiif = org.trawl.testing.IiifFakeServer.start()) {
            String manifest = iiif.fixture("mirador-v2/019.json");
            iiif.defaultService(org.trawl.testing.IiifFakeServer.Service.v2(2, 1200, 900));

            LaunchResult r = launcher.launch(args("iiif", manifest, out, "-w", 300, "--export", "webdataset,coco"));

            assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
            String dir = manifest.replaceAll("[^A-Za-z0-9_]", "");
            Map<String, Map<String, TarReader.Entry>> samples =
                    TarReader.samples(out.resolve("webdataset/all-000000.tar"));
            assertThat(samples.keySet()).containsExactly(dir + "__0000", dir + "__0001", dir + "__0002");
            Map<String, TarReader.Entry> first = samples.get(dir + "__0000");
            assertThat(first.get("jpg").body()).isEqualTo(Files.readAllBytes(out.resolve(dir + "/0000.jpg")));
            JsonNode j = JSON.readTree(first.get("json").body());
            assertThat(j.get("source").asText()).isEqualTo("iiif");
            assertThat(j.get("width").asInt()).isEqualTo(300);
            assertThat(j.get("url").asText()).contains("/full/300,/0/default.jpg");
            assertThat(out.resolve("downloaded_images.txt"))
                    .as("the source's own files are still written")
                    .exists();
            assertThat(JSON.readTree(out.resolve("coco/all.json").toFile()).get("images"))
                    .hasSize(3);
        }
    }
}
