package org.trawl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.testing.FaultServer;
import org.trawl.testing.TestImages;

/** A body that is cut short, damaged or too large never lands as a finished image, whatever HTTP said about it. */
@QuarkusMainTest
class DamagedBodyTest {
    static final String JPEG = "image/jpeg";
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

    @Test
    void cutOrDamagedBodiesFailAndGoodOnesLand(QuarkusMainLauncher launcher) throws Exception {
        byte[] jpeg = TestImages.jpeg(64, 48, 3), png = TestImages.png(40, 30, 4);
        server.image("/good.jpg", jpeg, JPEG)
                .image("/good.png", png, "image/png")
                .sequence("/garbage.jpg", FaultServer.jpegHeaderThenGarbage(jpeg))
                .sequence("/no-eoi.jpg", FaultServer.jpegWithoutEoi(jpeg))
                .sequence("/no-iend.png", FaultServer.pngWithoutIend(png))
                .sequence("/closed-early.jpg", FaultServer.closeDelimitedCutShort(jpeg, JPEG, jpeg.length * 2 / 3))
                .sequence("/chunked-early.png", FaultServer.chunkedCutShort(png, "image/png", png.length / 2));
        List<String> bad =
                List.of("/garbage.jpg", "/no-eoi.jpg", "/no-iend.png", "/closed-early.jpg", "/chunked-early.png");
        StringBuilder list = new StringBuilder("url,basename\n");
        Stream.concat(Stream.of("/good.jpg", "/good.png"), bad.stream())
                .forEach(p -> list.append(server.url(p))
                        .append(',')
                        .append(p.substring(1).replace('.', '_'))
                        .append('\n'));
        Path l = tmp.resolve("l.csv");
        Files.writeString(l, list, StandardCharsets.UTF_8);

        LaunchResult r = launcher.launch("urls", l.toString(), "-o", out.toString(), "--retries", "1");

        String failures = Files.readString(out.resolve("failures.csv"));
        assertThat(r.exitCode()).as(r.getErrorOutput() + failures).isEqualTo(3);
        assertThat(Files.readAllBytes(out.resolve("good_jpg.jpg"))).isEqualTo(jpeg);
        assertThat(Files.readAllBytes(out.resolve("good_png.png"))).isEqualTo(png);
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(
                            "good_jpg.jpg",
                            "good_png.png",
                            "metadata.csv",
                            "failures.csv",
                            "README.md",
                            "CITATION.cff",
                            "ATTRIBUTION.csv",
                            ".trawl");
        }
        assertThat(Files.readAllLines(out.resolve("metadata.csv"))).hasSize(3);
        assertThat(failures)
                .contains(
                        "truncated body: jpeg without SOS",
                        "truncated body: jpeg without EOI",
                        "truncated body: png without IEND");
        for (String p : bad) {
            assertThat(failures).contains(server.url(p));
            assertThat(server.hits(p))
                    .as("a cut body is transient: retried " + p)
                    .isEqualTo(2);
        }
    }

    @Test
    void decodeCheckOnUrlsRejectsAJpegWhoseMarkersAreWholeButWhoseScanIsGarbage(QuarkusMainLauncher launcher)
            throws Exception {
        byte[] good = TestImages.jpeg(64, 48, 5),
                damaged = FaultServer.jpegWithGarbageScan(TestImages.jpegWithOwnTables(64, 48, 6), 6);
        server.image("/good.jpg", good, JPEG).image("/damaged.jpg", damaged, JPEG);
        Path l = tmp.resolve("l.csv");
        Files.writeString(
                l, "url,basename\n" + server.url("/good.jpg") + ",good\n" + server.url("/damaged.jpg") + ",damaged\n");

        LaunchResult plain =
                launcher.launch("urls", l.toString(), "-o", tmp.resolve("plain").toString());
        assertThat(plain.exitCode())
                .as("the structural check alone lets it through")
                .isEqualTo(0);

        LaunchResult r = launcher.launch("urls", l.toString(), "-o", out.toString(), "--decode-check");

        String failures = Files.readString(out.resolve("failures.csv"));
        assertThat(r.exitCode()).as(r.getErrorOutput() + failures).isEqualTo(3);
        assertThat(failures).contains(server.url("/damaged.jpg")).contains("does not decode");
        assertThat(out.resolve("damaged.jpg")).doesNotExist();
        assertThat(Files.readAllBytes(out.resolve("good.jpg"))).isEqualTo(good);
    }

    @Test
    void aBodyOverMaxBytesFailsWithoutRetryAndLeavesNothing(QuarkusMainLauncher launcher) throws Exception {
        byte[] small = TestImages.jpeg(16, 16, 7);
        byte[] big = java.util.Arrays.copyOf(TestImages.jpeg(64, 48, 8), 200_000);
        // declared: the head says 200,000 bytes, then the server sends nothing: only a check of Content-Length
        // before the body fails it at once (a check of what arrives would wait for the idle timeout)
        server.image("/small.jpg", small, JPEG)
                .sequence("/declared.jpg", FaultServer.stalled(big, JPEG, 0, 60_000))
                .sequence("/undeclared.jpg", FaultServer.closeDelimitedCutShort(big, JPEG, big.length));
        Path l = tmp.resolve("l.csv");
        Files.writeString(
                l,
                "url,basename\n" + server.url("/small.jpg") + ",small\n" + server.url("/declared.jpg") + ",declared\n"
                        + server.url("/undeclared.jpg") + ",undeclared\n");

        LaunchResult r = launcher.launch(
                "urls", l.toString(), "-o", out.toString(), "--max-bytes", "64K", "--idle-timeout", "20s");

        String failures = Files.readString(out.resolve("failures.csv"));
        assertThat(r.exitCode()).as(r.getErrorOutput() + failures).isEqualTo(3);
        assertThat(failures.lines().filter(f -> f.contains("body over 65536 bytes (--max-bytes)")))
                .anyMatch(f -> f.startsWith(server.url("/declared.jpg")))
                .anyMatch(f -> f.startsWith(server.url("/undeclared.jpg")));
        assertThat(server.hits("/declared.jpg")).as("not retried").isEqualTo(1);
        assertThat(server.hits("/undeclared.jpg")).as("not retried").isEqualTo(1);
        assertThat(Files.readAllBytes(out.resolve("small.jpg"))).isEqualTo(small);
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(
                            "small.jpg",
                            "metadata.csv",
                            "failures.csv",
                            "README.md",
                            "CITATION.cff",
                            "ATTRIBUTION.csv",
                            ".trawl");
        }
    }

    @Test
    void maxBytesIsDocumentedAndCheckedOnEveryDownloadingCommand(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult help = launcher.launch("urls", "--help");
        assertThat(help.getOutput()).contains("--max-bytes", "default: 1G", "--decode-check");
        for (String cmd : List.of("iiif", "fathomnet", "m3 get", "m3 images", "som get", "gbif search", "gbif dwca")) {
            LaunchResult h = launcher.launch((cmd + " --help").split(" "));
            assertThat(h.getOutput() + h.getErrorOutput()).as(cmd).contains("--max-bytes", "--decode-check");
        }
        Path l = Files.writeString(tmp.resolve("l.txt"), server.url("/a.jpg") + "\n");
        LaunchResult bad = launcher.launch("urls", l.toString(), "-o", out.toString(), "--max-bytes", "lots");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.getErrorOutput()).contains("--max-bytes: 'lots' is not a size");
    }
}
