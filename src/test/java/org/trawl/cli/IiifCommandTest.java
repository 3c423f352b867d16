package org.trawl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.testing.IiifFakeServer;
import org.trawl.testing.IiifFakeServer.Service;

/** Drives `trawl iiif` against real IIIF fixtures served from 127.0.0.1 by an Image API that enforces the spec. */
@QuarkusMainTest
class IiifCommandTest {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    IiifFakeServer server;

    @TempDir
    Path tmp;

    Path out;

    @BeforeEach
    void start() {
        server = IiifFakeServer.start();
        out = tmp.resolve("out");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static String folder(String id) {
        return id.replaceAll("[^A-Za-z0-9_]", "");
    }

    static String[] args(Object... a) {
        return Stream.of(a).map(String::valueOf).toArray(String[]::new);
    }

    static int[] size(Path image) throws IOException {
        BufferedImage img = ImageIO.read(image.toFile());
        assertThat(img).as("decodable " + image).isNotNull();
        return new int[] {img.getWidth(), img.getHeight()};
    }

    /**
     * stderr as the user sees it: the integration launcher raises the log level, so the built artifact
     * also prints Quarkus's start and stop lines there (see BadInputIT).
     */
    static List<String> userErrors(io.quarkus.test.junit.main.LaunchResult r) {
        return r.getErrorStream().stream()
                .filter(
                        l -> !l.matches(
                                "trawl: (trawl .* started in .*|Profile prod activated\\. ?|Installed features: .*|trawl stopped in .*)"))
                .toList();
    }

    static List<String> lines(Path p) throws IOException {
        return Files.readAllLines(p, StandardCharsets.UTF_8);
    }

    @Test
    void v2ManifestWithWidthLimitAsksTheServerForThatWidthAndWritesTheSeedsFiles(QuarkusMainLauncher launcher)
            throws Exception {
        String manifest = server.fixture("mirador-v2/019.json");
        server.defaultService(Service.v2(2, 1200, 900));
        Path meta = tmp.resolve("vgg/metadata.csv");

        LaunchResult r = launcher.launch(args("iiif", manifest, out, "-w", 500, "-m", meta));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        String dir = folder(manifest);
        for (int i = 0; i < 3; i++) {
            assertThat(size(out.resolve(dir + "/000" + i + ".jpg"))).containsExactly(500, 375);
        }
        // one info.json tells the server's caps and level; the manifest gives each image's size
        assertThat(server.requests()).filteredOn(p -> p.endsWith("/info.json")).hasSize(1);
        assertThat(server.imageRequests())
                .hasSize(3)
                .allMatch(p -> p.endsWith("/full/500,/0/default.jpg"))
                .anyMatch(p -> p.contains("hg676jb4964%2F0380_796-44/")); // the identifier stays encoded
        assertThat(lines(out.resolve("downloaded_images.txt")))
                .containsExactly(dir + "/0000.jpg", dir + "/0001.jpg", dir + "/0002.jpg");
        List<String> vgg = lines(meta);
        assertThat(vgg.get(0)).isEqualTo("#filename,file_attributes");
        assertThat(vgg.get(1))
                .isEqualTo(dir + "/0000.jpg,\"{\"\"caption\"\": \"\"Test 19 Canvas: 1\"\", "
                        + "\"\"document_label\"\": \"\"Test 19 Manifest: Multiple Canvases\"\"}\"");
        assertThat(vgg).hasSize(4);
        List<String> md = lines(out.resolve("metadata.csv"));
        assertThat(md.get(0)).contains("manifest_id", "manifest_label", "canvas_id", "canvas_label");
        assertThat(md)
                .filteredOn(l -> l.startsWith(dir + "/0000.jpg,"))
                .singleElement()
                .asString()
                .contains(",iiif,")
                .contains(",Test 19 Canvas: 1,")
                .contains(",500,375,image/jpeg,")
                .contains(",Test 19 Manifest: Multiple Canvases,");
    }

    @Test
    void presentation3WithLanguageMapsAndAServerCapAsksForMaxNotFull(QuarkusMainLauncher launcher) throws Exception {
        String manifest = server.fixture("mirador-v3/001.json");
        // ImageService2 inside a 3.0 manifest, on a server that caps the width at 400: "full" would be refused
        server.defaultService(Service.v2(1, 1000, 1580).capped(400));
        Path meta = tmp.resolve("m.csv");

        LaunchResult r = launcher.launch(args("iiif", manifest, out, "-m", meta));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        String dir = folder(manifest);
        assertThat(size(out.resolve(dir + "/0000.jpg"))).containsExactly(400, 632);
        assertThat(server.imageRequests()).singleElement().asString().endsWith("/full/max/0/default.jpg");
        String row = lines(meta).get(1);
        // language maps become text, not a dumped {"en": [...]}
        assertThat(row)
                .contains("\"\"caption\"\": \"\"Whole Page\"\"")
                .contains("\"\"document_label\"\": \"\"Bodleian Library: Human Freaks 2 (33)\"\"")
                .contains("\"\"document_attribution\"\": \"\"None\"\"")
                .doesNotContain("\"\"en\"\"");
        String md = Files.readString(out.resolve("metadata.csv"));
        assertThat(md).contains("Terms of Use: None").contains("Bodleian Library: Human Freaks 2 (33)");
    }

    @Test
    void infoJsonAsInputOnAnImageApi3ServerUsesMaxAndWidthWithoutUpscaling(QuarkusMainLauncher launcher)
            throws Exception {
        // the real info.json of the IIIF reference image (3.0, level 1, 4032x3024), given as the input
        String info = server.fixture("allmaps/image.3.918ecd18c2592080851777620de9bcb5-gottingen.json");
        String base = info.substring(0, info.length() - "/info.json".length());
        server.service(base, Service.v3(1, 4032, 3024));

        LaunchResult full = launcher.launch(args("iiif", info, out));
        assertThat(full.exitCode())
                .as(full.getErrorOutput() + server.requests() + Files.readString(out.resolve("failures.csv")))
                .isZero();
        assertThat(server.imageRequests()).singleElement().asString().endsWith("/full/max/0/default.jpg");
        assertThat(size(out.resolve(folder(base) + "/0000.jpg"))).containsExactly(4032, 3024);

        LaunchResult small = launcher.launch(args("iiif", info, tmp.resolve("small"), "-w", 800));
        assertThat(small.exitCode()).as(small.getErrorOutput()).isZero();
        assertThat(server.imageRequests()).last().asString().endsWith("/full/800,/0/default.jpg");
        assertThat(size(tmp.resolve("small/" + folder(base) + "/0000.jpg"))).containsExactly(800, 600);

        // asking for more than the image has is never an upscale: the whole image comes back
        LaunchResult wide = launcher.launch(args("iiif", info, tmp.resolve("wide"), "-w", 9000));
        assertThat(wide.exitCode()).as(wide.getErrorOutput()).isZero();
        assertThat(server.imageRequests()).last().asString().endsWith("/full/max/0/default.jpg");
    }

    static String read(String fixture) throws IOException {
        try (var in = IiifCommandTest.class.getClassLoader().getResourceAsStream("fixtures/iiif/" + fixture)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
