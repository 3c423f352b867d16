package org.trawl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.image.ImageInfo;
import org.trawl.testing.FaultServer;
import org.trawl.testing.TestImages;

/** `trawl urls --max-size PX` end to end against the loopback server: what lands on disk and in metadata.csv. */
@QuarkusMainTest
class MaxSizeCommandTest {
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

    static byte[] gif(int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED);
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ImageIO.write(img, "gif", o);
        return o.toByteArray();
    }

    /** metadata.csv rows keyed by their url column (no field in these tests holds a comma). */
    static Map<String, Map<String, String>> metadata(Path out) throws IOException {
        List<String> lines = Files.readAllLines(out.resolve("metadata.csv"), StandardCharsets.UTF_8);
        String[] head = lines.get(0).split(",", -1);
        return lines.stream().skip(1).map(l -> l.split(",", -1)).collect(Collectors.toMap(c -> c[1], c -> {
            Map<String, String> m = new java.util.HashMap<>();
            for (int i = 0; i < head.length; i++) {
                m.put(head[i], i < c.length ? c[i] : "");
            }
            return m;
        }));
    }

    @Test
    void imagesLandWithinTheLimitAndRecordTheirServedSize(QuarkusMainLauncher launcher) throws Exception {
        byte[] big = TestImages.jpeg(1000, 600, 1);
        byte[] tall = TestImages.png(90, 700, 2);
        byte[] small = TestImages.jpeg(120, 80, 3);
        byte[] anim = gif(800, 800);
        server.image("/big.jpg", big, "image/jpeg")
                .image("/tall.png", tall, "image/png")
                .image("/small.jpg", small, "image/jpeg")
                .image("/anim.gif", anim, "image/gif");
        Path list = tmp.resolve("l.txt");
        Files.writeString(
                list,
                Stream.of("/big.jpg", "/tall.png", "/small.jpg", "/anim.gif")
                                .map(server::url)
                                .collect(Collectors.joining("\n"))
                        + "\n");

        LaunchResult r = launcher.launch("urls", list.toString(), "-o", out.toString(), "--max-size", "256");

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        Map<String, Map<String, String>> meta = metadata(out);
        Map<String, String> b = meta.get(server.url("/big.jpg"));
        assertThat(b)
                .containsEntry("width", "256")
                .containsEntry("height", "154")
                .containsEntry("source_width", "1000")
                .containsEntry("source_height", "600")
                .containsEntry("content_type", "image/jpeg");
        Path bf = out.resolve(b.get("path"));
        assertThat(bf.toString()).endsWith(".jpg");
        assertThat(ImageInfo.read(bf).orElseThrow().width()).isEqualTo(256);
        assertThat(Files.size(bf)).isEqualTo(Long.parseLong(b.get("bytes")));
        assertThat(ImageIO.read(bf.toFile()).getHeight()).isEqualTo(154);

        Map<String, String> t = meta.get(server.url("/tall.png"));
        assertThat(t)
                .containsEntry("width", "33")
                .containsEntry("height", "256")
                .containsEntry("source_height", "700");
        assertThat(ImageInfo.read(out.resolve(t.get("path")))
                        .orElseThrow()
                        .format()
                        .extension())
                .isEqualTo("png");

        Map<String, String> s = meta.get(server.url("/small.jpg"));
        assertThat(s).containsEntry("width", "120").containsEntry("source_width", "");
        assertThat(Files.readAllBytes(out.resolve(s.get("path"))))
                .as("within the limit: as served")
                .isEqualTo(small);

        Map<String, String> g = meta.get(server.url("/anim.gif"));
        assertThat(g)
                .containsEntry("width", "800")
                .containsEntry("transform_note", "not resized: gif is not supported");
        try (Stream<Path> files = Files.walk(out)) {
            assertThat(files.map(Path::toString).filter(p -> p.endsWith(".part") || p.endsWith(".resize")))
                    .isEmpty();
        }
    }

    @Test
    void rerunWithTheSameLimitCostsNothing(QuarkusMainLauncher launcher) throws Exception {
        server.image("/big.jpg", TestImages.jpeg(700, 500, 4), "image/jpeg");
        Path list = tmp.resolve("l.txt");
        Files.writeString(list, server.url("/big.jpg") + "\n");
        assertThat(launcher.launch("urls", list.toString(), "-o", out.toString(), "--max-size", "100")
                        .exitCode())
                .isEqualTo(0);
        LaunchResult again = launcher.launch("urls", list.toString(), "-o", out.toString(), "--max-size", "100");
        assertThat(again.exitCode()).isEqualTo(0);
        assertThat(server.hits("/big.jpg")).isEqualTo(1);
        assertThat(metadata(out).get(server.url("/big.jpg"))).containsEntry("width", "100");
    }

    @Test
    void nonPositiveMaxSizeIsAUsageError(QuarkusMainLauncher launcher) throws Exception {
        Path list = tmp.resolve("l.txt");
        Files.writeString(list, server.url("/x.jpg") + "\n");
        LaunchResult r = launcher.launch("urls", list.toString(), "-o", out.toString(), "--max-size", "0");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.getErrorOutput())
                .contains("--max-size must be a positive number of pixels")
                .doesNotContain("at org.");
        assertThat(server.hits("/x.jpg")).isZero();
    }
}
