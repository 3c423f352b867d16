package org.trawl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.core.ExitCode;
import org.trawl.testing.FaultServer;
import org.trawl.testing.TestImages;

/** `trawl urls` with --resize-mode, --pad-color, --image-format, --quality, --chroma: files, metadata.csv, errors. */
@QuarkusMainTest
class ResizeOptionsCommandTest {
    FaultServer server;

    @TempDir
    Path tmp;

    @BeforeEach
    void start() {
        server = FaultServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void centerCropAsPngRecordsEachStepAndGetsItsExtension(QuarkusMainLauncher launcher) throws Exception {
        server.image("/big.jpg", TestImages.jpeg(1000, 600, 1), "image/jpeg");
        Path list = tmp.resolve("l.txt");
        Files.writeString(list, server.url("/big.jpg") + "\n");
        Path out = tmp.resolve("out");

        LaunchResult r = launcher.launch(
                "urls",
                list.toString(),
                "-o",
                out.toString(),
                "--resize",
                "200",
                "--resize-mode",
                "center-crop",
                "--image-format",
                "png",
                "-q");

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        Map<String, String> row = MaxSizeCommandTest.metadata(out).get(server.url("/big.jpg"));
        assertThat(row)
                .containsEntry("width", "200")
                .containsEntry("height", "200")
                .containsEntry("content_type", "image/png")
                .containsEntry("source_width", "1000")
                .containsEntry("source_height", "600")
                .containsEntry("transform", "center-crop 200: 1000x600 -> 333x200; crop 200x200; jpg to png")
                .containsEntry("resized_width", "333")
                // quoted by Csv (a leading - could start a spreadsheet formula): a CSV reader gets -66
                .containsEntry("resize_offset_x", "\"-66\"");
        assertThat(row.get("path")).endsWith(".png");
        BufferedImage img = ImageIO.read(out.resolve(row.get("path")).toFile());
        assertThat(img.getWidth()).isEqualTo(200);
        assertThat(img.getHeight()).isEqualTo(200);
    }

    @Test
    void padUsesTheColourAndJpgTheQualityAndChroma(QuarkusMainLauncher launcher) throws Exception {
        server.image("/wide.png", TestImages.png(400, 100, 2), "image/png");
        Path list = tmp.resolve("l.txt");
        Files.writeString(list, server.url("/wide.png") + "\n");
        Path out = tmp.resolve("out");

        LaunchResult r = launcher.launch(
                "urls",
                list.toString(),
                "-o",
                out.toString(),
                "--max-size",
                "200",
                "--resize-mode",
                "pad",
                "--pad-color",
                "#00ff00",
                "--image-format",
                "jpg",
                "--quality",
                "80",
                "--chroma",
                "444",
                "-q");

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        Map<String, String> row = MaxSizeCommandTest.metadata(out).get(server.url("/wide.png"));
        assertThat(row)
                .containsEntry("width", "200")
                .containsEntry("height", "200")
                .containsEntry("content_type", "image/jpeg")
                .containsEntry("transform", "pad 200: 400x100 -> 200x50; pad 200x200; png to jpg; q80 4:4:4")
                .containsEntry("resize_offset_y", "75");
        assertThat(row.get("path")).endsWith(".jpg");
        BufferedImage img = ImageIO.read(out.resolve(row.get("path")).toFile());
        int corner = img.getRGB(2, 2);
        assertThat((corner >> 8) & 0xFF).as("green border").isGreaterThan(240);
        assertThat((corner >> 16) & 0xFF).isLessThan(16);
    }

    @Test
    void badValuesAreOneUsageLine(QuarkusMainLauncher launcher) throws Exception {
        Path list = tmp.resolve("l.txt");
        Files.writeString(list, server.url("/x.jpg") + "\n");
        String[][] bad = {
            {"--resize-mode", "square", "--resize", "10"},
            {"--resize-mode", "pad"},
            {"--resize", "10", "--pad-color", "#12345"},
            {"--image-format", "webp"},
            {"--image-format", "jpg", "--quality", "0"},
            {"--image-format", "jpg", "--chroma", "422"},
        };
        String[] want = {
            "--resize-mode must be longest, shortest, center-crop, pad or none, not 'square'",
            "--resize-mode pad needs --resize PX",
            "--pad-color must be #rrggbb, black or white, not '#12345'",
            "--image-format must be keep, jpg or png, not 'webp'",
            "--quality must be 1..100, not 0",
            "--chroma must be 420 or 444, not '422'",
        };
        for (int i = 0; i < bad.length; i++) {
            String[] args = new String[4 + bad[i].length];
            args[0] = "urls";
            args[1] = list.toString();
            args[2] = "-o";
            args[3] = tmp.resolve("o" + i).toString();
            System.arraycopy(bad[i], 0, args, 4, bad[i].length);
            LaunchResult r = launcher.launch(args);
            assertThat(r.exitCode()).as(String.join(" ", bad[i])).isEqualTo(ExitCode.USAGE);
            assertThat(r.getErrorOutput()).contains("trawl: " + want[i]).doesNotContain("Exception");
        }
        assertThat(server.hits("/x.jpg")).isZero();
    }
}
