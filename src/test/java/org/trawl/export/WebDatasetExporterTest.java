package org.trawl.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.core.Box;
import org.trawl.testing.TestImages;

/** The WebDataset exporter on its own: shard cutting, keys, tar bytes read back by independent readers. */
class WebDatasetExporterTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** An image file under tmp/data at {@code path}, as the exporter gets it. */
    ExportImage image(String path, String subset, String label, byte[] bytes) throws IOException {
        Path f = tmp.resolve("data").resolve(path);
        Files.createDirectories(f.getParent());
        Files.write(f, bytes);
        return new ExportImage(
                path,
                f,
                20,
                10,
                subset,
                label,
                "http://h/" + path,
                "urls",
                "id-" + path,
                "CC0",
                "holder of " + path,
                "sha-" + path,
                List.of());
    }

    static List<Path> shards(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches(".*\\.tar(\\.part)?"))
                    .sorted()
                    .toList();
        }
    }

    static void export(Path dir, WebDatasetExporter.Limits limits, List<ExportImage> images) throws IOException {
        WebDatasetExporter e = new WebDatasetExporter(dir, limits);
        for (ExportImage im : images) {
            e.add(im);
        }
        e.finish();
    }

    List<ExportImage> five() throws IOException {
        List<ExportImage> l = new ArrayList<>();
        // added out of path order: samples must come out sorted by path
        for (int i : new int[] {4, 2, 0, 3, 1}) {
            l.add(image("cat/" + i + ".jpg", null, i % 2 == 0 ? "cat" : "dog", TestImages.jpeg(20, 10, i)));
        }
        return l;
    }

    @Test
    void shardsAreCutByCountAndAShorterSetRemovesTheShardsItNoLongerHas() throws Exception {
        Path dir = tmp.resolve("wds");
        List<ExportImage> images = five();
        export(dir, new WebDatasetExporter.Limits(2, 1L << 30), images);

        assertThat(shards(dir))
                .extracting(p -> p.getFileName().toString())
                .containsExactly("all-000000.tar", "all-000001.tar", "all-000002.tar");
        assertThat(TarReader.samples(dir.resolve("all-000000.tar")).keySet()).containsExactly("cat__0", "cat__1");
        assertThat(TarReader.samples(dir.resolve("all-000001.tar")).keySet()).containsExactly("cat__2", "cat__3");
        assertThat(TarReader.samples(dir.resolve("all-000002.tar")).keySet()).containsExactly("cat__4");
        JsonNode index = JSON.readTree(dir.resolve("all.json").toFile());
        assertThat(index.get("__kind__").asText()).isEqualTo("wids-shard-index-v1");
        assertThat(index.get("wids_version").asInt()).isEqualTo(1);
        assertThat(index.get("shardlist")).hasSize(3);
        assertThat(index.get("shardlist").get(0).get("url").asText()).isEqualTo("all-000000.tar");
        assertThat(index.get("shardlist").get(2).get("nsamples").asInt()).isEqualTo(1);
        assertThat(index.get("shardlist").get(1).get("filesize").asLong())
                .isEqualTo(Files.size(dir.resolve("all-000001.tar")));
        assertThat(Files.readString(dir.resolve("classes.txt"))).isEqualTo("cat\ndog\n");

        Files.writeString(dir.resolve("all-000007.tar.part"), "left by a crash");
        export(dir, new WebDatasetExporter.Limits(10, 1L << 30), images);
        assertThat(shards(dir)).extracting(p -> p.getFileName().toString()).containsExactly("all-000000.tar");
        assertThat(TarReader.samples(dir.resolve("all-000000.tar"))).hasSize(5);
        assertThat(JSON.readTree(dir.resolve("all.json").toFile()).get("shardlist"))
                .hasSize(1);
    }

    @Test
    void shardsAreCutBeforeTheyWouldPassTheByteLimitAndABigSampleGoesAlone() throws Exception {
        Path dir = tmp.resolve("wds");
        List<ExportImage> images = new ArrayList<>();
        images.add(image("a/1.jpg", null, "a", new byte[3000]));
        images.add(image("a/2.jpg", null, "a", new byte[3000]));
        images.add(image("a/3.jpg", null, "a", new byte[30000])); // bigger than the limit on its own
        images.add(image("a/4.jpg", null, "a", new byte[3000]));
        images.add(image("a/5.jpg", null, "a", new byte[3000]));
        images.add(image("a/6.jpg", null, "a", new byte[3000]));
        images.add(image("a/7.jpg", null, "a", new byte[3000]));
        // a 3000-byte sample takes 3 headers + 3072 + 512 (cls) + 512 (json) = 5632 bytes: three fit in 20480 with
        // the two end blocks, four do not
        long limit = 20480;
        export(dir, new WebDatasetExporter.Limits(100, limit), images);

        List<Path> s = shards(dir);
        assertThat(s).hasSize(4);
        assertThat(TarReader.samples(s.get(0)).keySet()).containsExactly("a__1", "a__2");
        assertThat(TarReader.samples(s.get(1)).keySet()).containsExactly("a__3");
        assertThat(Files.size(s.get(1))).isGreaterThan(limit);
        assertThat(TarReader.samples(s.get(2)).keySet()).containsExactly("a__4", "a__5", "a__6");
        assertThat(TarReader.samples(s.get(3)).keySet()).containsExactly("a__7");
        for (Path p : List.of(s.get(0), s.get(2))) {
            assertThat(Files.size(p)).isLessThanOrEqualTo(limit);
        }
    }

    @Test
    void keysHaveNoDotsOrSlashesKeepUnicodeAndNeverMerge() throws Exception {
        assertThat(WebDatasetExporter.key("train/Homo sapiens L. 1758/IMG.0001"))
                .isEqualTo("train__Homo sapiens L_ 1758__IMG_0001");
        assertThat(WebDatasetExporter.key("été/Épinard\tx")).isEqualTo("été__Épinard_x");
        Path dir = tmp.resolve("wds");
        String longLabel = "Quercus robur subsp. pedunculiflora (K.Koch) Menitsky "
                .repeat(3)
                .trim();
        export(
                dir,
                WebDatasetExporter.Limits.DEFAULT,
                List.of(
                        image("a/b.c.jpg", null, "x", new byte[] {1}),
                        image("a/b_c.jpg", null, "x", new byte[] {2}),
                        image("a__b_c.png", null, "x", new byte[] {3}),
                        image("été/épinard.PNG", null, "é", new byte[] {4}),
                        image(longLabel + "/photo.jpg", null, longLabel, new byte[] {5})));

        Map<String, Map<String, TarReader.Entry>> s = TarReader.samples(dir.resolve("all-000000.tar"));
        // in path order ("Q" < "a" < "é"); the later of two paths with the same key gets "-2", then "-3"
        assertThat(s.keySet())
                .containsExactly(
                        WebDatasetExporter.key(longLabel) + "__photo",
                        "a__b_c",
                        "a__b_c-2",
                        "a__b_c-3",
                        "été__épinard");
        assertThat(s.get("a__b_c").get("jpg").body()).containsExactly(1);
        assertThat(s.get("a__b_c-2").get("jpg").body()).containsExactly(2);
        assertThat(s.get("a__b_c-3").get("png").body()).containsExactly(3);
        assertThat(s.get("été__épinard").keySet()).containsExactly("png", "cls", "json");
        assertThat(JSON.readTree(s.get("été__épinard").get("json").body())
                        .get("path")
                        .asText())
                .isEqualTo("été/épinard.PNG");
        assertThat(s.get(WebDatasetExporter.key(longLabel) + "__photo")
                        .get("jpg")
                        .body())
                .containsExactly(5);
    }

    @Test
    void twoWritesOfTheSameDatasetAreByteIdentical() throws Exception {
        List<ExportImage> images = five();
        export(tmp.resolve("one"), new WebDatasetExporter.Limits(3, 1L << 30), images);
        for (ExportImage im : images) {
            // the files' own times must not leak into the tar
            Files.setLastModifiedTime(im.file(), FileTime.fromMillis(System.currentTimeMillis() + 86_400_000L));
        }
        List<ExportImage> reversed = new ArrayList<>(images);
        java.util.Collections.reverse(reversed);
        export(tmp.resolve("two"), new WebDatasetExporter.Limits(3, 1L << 30), reversed);
        for (String n : List.of("all-000000.tar", "all-000001.tar", "all.json", "classes.txt")) {
            assertThat(Files.readAllBytes(tmp.resolve("two").resolve(n)))
                    .as(n)
                    .isEqualTo(Files.readAllBytes(tmp.resolve("one").resolve(n)));
        }
    }

    @Test
    void aRerunLeavesUnchangedShardsAloneAndRewritesOnlyWhatChanged() throws Exception {
        Path dir = tmp.resolve("wds");
        List<ExportImage> images = five();
        WebDatasetExporter.Limits two = new WebDatasetExporter.Limits(2, 1L << 30);
        export(dir, two, images);
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        for (Path p : shards(dir)) {
            Files.setLastModifiedTime(p, old);
        }
        byte[] first = Files.readAllBytes(dir.resolve("all-000001.tar"));

        export(dir, two, images);
        for (Path p : shards(dir)) {
            assertThat(Files.getLastModifiedTime(p))
                    .as(p + " was not rewritten")
                    .isEqualTo(old);
        }

        // cat/3.jpg (shard 1) is replaced on disk: that shard is written again, the others stay
        Files.write(images.get(3).file(), TestImages.jpeg(22, 11, 42));
        export(dir, two, images);
        assertThat(Files.getLastModifiedTime(dir.resolve("all-000000.tar"))).isEqualTo(old);
        assertThat(Files.getLastModifiedTime(dir.resolve("all-000002.tar"))).isEqualTo(old);
        assertThat(Files.getLastModifiedTime(dir.resolve("all-000001.tar"))).isNotEqualTo(old);
        assertThat(Files.readAllBytes(dir.resolve("all-000001.tar"))).isNotEqualTo(first);
        assertThat(TarReader.samples(dir.resolve("all-000001.tar"))
                        .get("cat__3")
                        .get("jpg")
                        .body())
                .isEqualTo(Files.readAllBytes(images.get(3).file()));

        // a shard damaged by hand (another size) or without the record of its writing is written again
        Files.write(dir.resolve("all-000000.tar"), new byte[] {1});
        Files.delete(dir.resolve(WebDatasetExporter.STATE));
        Files.setLastModifiedTime(dir.resolve("all-000002.tar"), old);
        export(dir, two, images);
        assertThat(TarReader.samples(dir.resolve("all-000000.tar")).keySet()).containsExactly("cat__0", "cat__1");
        assertThat(Files.getLastModifiedTime(dir.resolve("all-000002.tar"))).isNotEqualTo(old);
    }

    @Test
    void membersCarryTheImageBytesClassIndexAndProvenance() throws Exception {
        Path dir = tmp.resolve("wds");
        byte[] jpg = TestImages.jpeg(20, 10, 7);
        ExportImage boxed = new ExportImage(
                "test/dog/d.jpg",
                image("test/dog/d.jpg", "test", "dog", jpg).file(),
                20,
                10,
                "test",
                "dog",
                "http://h/d",
                "m3",
                "uuid-d",
                null,
                "abc",
                List.of(new Box("nose", 1.234, 2, 3, 4, "b1", Map.of())));
        export(
                dir,
                WebDatasetExporter.Limits.DEFAULT,
                List.of(
                        image("train/cat/c.png", "train", "cat", TestImages.png(20, 10, 8)),
                        boxed,
                        image("train/nolabel.jpg", "train", null, new byte[] {9})));

        Map<String, Map<String, TarReader.Entry>> test = TarReader.samples(dir.resolve("test-000000.tar"));
        Map<String, TarReader.Entry> d = test.get("test__dog__d");
        assertThat(d.get("jpg").body()).isEqualTo(jpg);
        assertThat(d.get("cls").text()).isEqualTo("1");
        JsonNode j = JSON.readTree(d.get("json").body());
        assertThat(j.get("label").asText()).isEqualTo("dog");
        assertThat(j.get("url").asText()).isEqualTo("http://h/d");
        assertThat(j.get("path").asText()).isEqualTo("test/dog/d.jpg");
        assertThat(j.get("subset").asText()).isEqualTo("test");
        assertThat(j.get("source").asText()).isEqualTo("m3");
        assertThat(j.get("source_id").asText()).isEqualTo("uuid-d");
        assertThat(j.get("license").isNull()).isTrue();
        assertThat(j.get("sha256").asText()).isEqualTo("abc");
        assertThat(j.get("width").asInt()).isEqualTo(20);
        assertThat(j.get("height").asInt()).isEqualTo(10);
        assertThat(j.get("boxes").get(0).get("label").asText()).isEqualTo("nose");
        assertThat(j.get("boxes").get(0).get("x").asDouble()).isEqualTo(1.23);
        assertThat(j.get("boxes").get(0).get("id").asText()).isEqualTo("b1");

        Map<String, Map<String, TarReader.Entry>> train = TarReader.samples(dir.resolve("train-000000.tar"));
        assertThat(train.keySet()).containsExactly("train__cat__c", "train__nolabel");
        assertThat(train.get("train__cat__c").get("cls").text()).isEqualTo("0");
        assertThat(JSON.readTree(train.get("train__cat__c").get("json").body())
                        .get("rights_holder")
                        .asText())
                .isEqualTo("holder of train/cat/c.png");
        assertThat(JSON.readTree(train.get("train__cat__c").get("json").body()).has("boxes"))
                .isFalse();
        assertThat(train.get("train__nolabel").keySet())
                .as("no label, no class")
                .containsExactly("jpg", "json");
        assertThat(JSON.readTree(train.get("train__nolabel").get("json").body())
                        .get("label")
                        .isNull())
                .isTrue();
        for (TarReader.Entry e : TarReader.read(dir.resolve("train-000000.tar"))) {
            assertThat(new long[] {e.mtime(), e.mode(), e.uid(), e.gid()}).containsExactly(0, 0644, 0, 0);
        }
        assertThat(Files.readString(dir.resolve("classes.txt"))).isEqualTo("cat\ndog\n");
        assertThat(Files.exists(dir.resolve("train.json"))).isTrue();
        assertThat(Files.exists(dir.resolve("test.json"))).isTrue();
    }

    @Test
    void gnuTarListsAndExtractsAShard() throws Exception {
        assumeTrue(onPath("tar"), "tar is not on PATH: skipped");
        Path dir = tmp.resolve("wds");
        String longLabel = "x".repeat(120);
        byte[] jpg = TestImages.jpeg(20, 10, 1);
        export(
                dir,
                WebDatasetExporter.Limits.DEFAULT,
                List.of(image("é/a.jpg", null, "é", jpg), image(longLabel + "/b.jpg", null, "x", new byte[] {1, 2, 3
                })));
        String listing = run(tmp, "tar", "-tvf", dir.resolve("all-000000.tar").toString());
        assertThat(listing)
                .contains("é__a.jpg")
                .contains("é__a.cls")
                .contains("é__a.json")
                .contains(longLabel + "__b.jpg")
                .contains("1970-01-01")
                .contains("-rw-r--r--");
        Path x = Files.createDirectories(tmp.resolve("x"));
        run(x, "tar", "-xf", dir.resolve("all-000000.tar").toString());
        assertThat(Files.readAllBytes(x.resolve("é__a.jpg"))).isEqualTo(jpg);
        assertThat(Files.readString(x.resolve(longLabel + "__b.cls"))).isEqualTo("0"); // classes: x, é
        assertThat(Files.readString(x.resolve("é__a.cls"))).isEqualTo("1");
    }

    @Test
    void pythonTarfileReadsAShard() throws Exception {
        assumeTrue(onPath("python3"), "python3 is not on PATH: skipped");
        Path dir = tmp.resolve("wds");
        export(
                dir,
                WebDatasetExporter.Limits.DEFAULT,
                List.of(
                        image("é/a.jpg", null, "é", new byte[] {7, 7}),
                        image("y".repeat(150) + "/b.jpg", null, "x", new byte[1000])));
        String out = run(
                tmp,
                "python3",
                "-c",
                "import sys,tarfile\n"
                        + "with tarfile.open(sys.argv[1]) as t:\n"
                        + "    for m in t.getmembers():\n"
                        + "        print(m.name, m.size, m.mtime, oct(m.mode), len(t.extractfile(m).read()))\n",
                dir.resolve("all-000000.tar").toString());
        assertThat(out)
                .contains("é__a.jpg 2 0 0o644 2")
                .contains("y".repeat(150) + "__b.jpg 1000 0 0o644 1000")
                .contains("é__a.cls 1 0 0o644 1");
    }

    static boolean onPath(String cmd) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, cmd))) {
                return true;
            }
        }
        return false;
    }

    static String run(Path cwd, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C.UTF-8");
        pb.environment().put("TZ", "UTC");
        pb.environment().put("PYTHONIOENCODING", "utf-8");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
