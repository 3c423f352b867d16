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
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.testing.FaultServer;
import org.trawl.testing.TestImages;

/** Names from a list as file names: none is lost, none breaks the run, none shadows trawl's own files. */
@QuarkusMainTest
class NamesCommandTest {
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

    Path list(String content) throws IOException {
        Path p = tmp.resolve("list.csv");
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    static String[] args(Object... a) {
        return Stream.of(a).map(String::valueOf).toArray(String[]::new);
    }

    static String hash8(String url) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-1").digest(url.getBytes(StandardCharsets.UTF_8)))
                .substring(0, 8);
    }

    static JsonNode lastJson(String output) throws IOException {
        List<String> lines =
                output.strip().lines().filter(l -> l.startsWith("{")).toList();
        return JSON.readTree(lines.get(lines.size() - 1));
    }

    @Test
    void twoPhotosWithOneNameBothLandAndResumeUnderTheSameNames(QuarkusMainLauncher launcher) throws Exception {
        byte[] a = TestImages.jpeg(30, 20, 1),
                b = TestImages.jpeg(31, 21, 2),
                c = TestImages.jpeg(32, 22, 3),
                d = TestImages.jpeg(33, 23, 4);
        server.image("/1/original.jpg", a, "image/jpeg")
                .image("/2/original.jpg", b, "image/jpeg")
                .image("/3", c, "image/jpeg")
                .image("/4", d, "image/jpeg");
        String u1 = server.url("/1/original.jpg"), u2 = server.url("/2/original.jpg");
        Path l = list("url,label,basename\n" + u1 + ",bird,original\n" + u2 + ",bird,original\n"
                + u1 + ",bird,original\n" // the same photo twice: fetched once
                + server.url("/3") + ",bird,a/b\n" + server.url("/4") + ",bird,a_b\n");

        LaunchResult dry = launcher.launch(args("urls", l, "-o", out, "--dry-run"));
        assertThat(dry.exitCode()).as(dry.getErrorOutput()).isZero();
        assertThat(dry.getOutput())
                .contains("plan: 4 items")
                .contains("2 renamed")
                .contains("1 repeated");
        LaunchResult dryJson = launcher.launch(args("urls", l, "-o", out, "--dry-run", "--json"));
        assertThat(lastJson(dryJson.getOutput()).get("renamed").asLong()).isEqualTo(2);
        assertThat(lastJson(dryJson.getOutput()).get("repeated_in_input").asLong())
                .isEqualTo(1);

        LaunchResult r = launcher.launch(args("urls", l, "-o", out));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        assertThat(Files.readAllBytes(out.resolve("bird/original.jpg"))).isEqualTo(a);
        assertThat(Files.readAllBytes(out.resolve("bird/original~" + hash8(u2) + ".jpg")))
                .isEqualTo(b);
        assertThat(Files.readAllBytes(out.resolve("bird/a_b.jpg"))).isEqualTo(c);
        assertThat(Files.readAllBytes(out.resolve("bird/a_b~" + hash8(server.url("/4")) + ".jpg")))
                .isEqualTo(d);
        List<String> meta = Files.readAllLines(out.resolve("metadata.csv"));
        assertThat(meta).hasSize(5);
        assertThat(String.join("\n", meta)).contains("bird/original~" + hash8(u2) + ".jpg," + u2 + ",bird");
        assertThat(r.getOutput()).contains("4 fetched").contains("2 renamed").contains("1 repeated");
        assertThat(server.hits("/1/original.jpg")).isEqualTo(1);

        LaunchResult again = launcher.launch(args("urls", l, "-o", out, "--json"));
        assertThat(again.exitCode()).as(again.getErrorOutput()).isZero();
        JsonNode summary = lastJson(again.getOutput());
        assertThat(summary.get("skipped").asLong())
                .as("a re-run finds every item under its name")
                .isEqualTo(4);
        assertThat(summary.get("fetched").asLong()).isZero();
        assertThat(summary.get("renamed").asLong()).isEqualTo(2);
        assertThat(server.hits("/2/original.jpg")).isEqualTo(1);
    }

    @Test
    void namesThatAreNotFileNamesAsGivenStillLand(QuarkusMainLauncher launcher) throws Exception {
        byte[] img = TestImages.jpeg(20, 10, 5);
        server.image("/e", img, "image/jpeg")
                .image("/k", img, "image/jpeg")
                .image("/b", img, "image/jpeg")
                .image("/n", img, "image/jpeg");
        String emoji = "a".repeat(119) + "\uD83E\uDDA4"; // the old 120-character cut split the emoji
        String cjk = "森".repeat(100); // 300 bytes of UTF-8: over the 255 a file name may have
        Path l = list("url,label,basename\n" + server.url("/e") + "," + emoji + ",e\n" + server.url("/k") + "," + cjk
                + ",k\n" + server.url("/b") + ",evil\u202Egpj.exe,b\n" + server.url("/n") + ",../../up,/etc/passwd\n");

        LaunchResult r = launcher.launch(args("urls", l, "-o", out));

        assertThat(r.exitCode()).as(r.getOutput() + r.getErrorOutput()).isZero();
        assertThat(Files.readAllBytes(out.resolve("a".repeat(119) + "/e.jpg")))
                .as("the emoji left out whole")
                .isEqualTo(img);
        assertThat(Files.readAllBytes(out.resolve("森".repeat(66) + "/k.jpg"))).isEqualTo(img);
        assertThat(Files.readAllBytes(out.resolve("evilgpj.exe/b.jpg")))
                .as("no bidirectional override")
                .isEqualTo(img);
        assertThat(Files.readAllBytes(out.resolve("_.._.._up/_etc_passwd.jpg"))).isEqualTo(img);
        assertThat(Files.readAllLines(out.resolve("metadata.csv"))).hasSize(5);
        try (Stream<Path> s = Files.walk(tmp)) {
            assertThat(s.filter(p -> p.getFileName().toString().equals("passwd.jpg")
                            || p.getFileName().toString().equals("up")))
                    .as("nothing outside OUT")
                    .isEmpty();
        }
    }

    @Test
    void labelsNamedLikeTrawlsOwnFilesDoNotShadowThem(QuarkusMainLauncher launcher) throws Exception {
        byte[] a = TestImages.jpeg(20, 10, 6), b = TestImages.jpeg(21, 11, 7), c = TestImages.jpeg(22, 12, 8);
        server.image("/m", a, "image/jpeg").image("/f", b, "image/jpeg").image("/c", c, "image/jpeg");
        Path l = list("url,label,basename\n" + server.url("/m") + ",metadata.csv,m\n" + server.url("/f")
                + ",Failures.CSV,f\n" + server.url("/c") + ",coco,c\n");

        LaunchResult r = launcher.launch(args("urls", l, "-o", out, "--export", "coco"));

        assertThat(r.exitCode()).as(r.getOutput() + r.getErrorOutput()).isZero();
        assertThat(out.resolve("metadata.csv")).isRegularFile();
        assertThat(out.resolve("failures.csv")).isRegularFile();
        assertThat(Files.readAllBytes(out.resolve("_metadata.csv/m.jpg"))).isEqualTo(a);
        assertThat(Files.readAllBytes(out.resolve("_Failures.CSV/f.jpg"))).isEqualTo(b);
        assertThat(Files.readAllBytes(out.resolve("_coco/c.jpg"))).isEqualTo(c);
        String meta = Files.readString(out.resolve("metadata.csv"));
        assertThat(meta)
                .contains("_metadata.csv/m.jpg," + server.url("/m") + ",metadata.csv,")
                .contains("_coco/c.jpg," + server.url("/c") + ",coco,");
        try (Stream<Path> s = Files.list(out.resolve("coco"))) {
            assertThat(s.map(p -> p.getFileName().toString()))
                    .as("the export folder holds the export only")
                    .containsExactly("all.json");
        }
        assertThat(Files.readString(out.resolve("coco/all.json"))).contains("\"file_name\":\"_coco/c.jpg\"");
        LaunchResult again = launcher.launch(args("urls", l, "-o", out, "--export", "coco"));
        assertThat(again.exitCode()).as(again.getErrorOutput()).isZero();
    }
}
