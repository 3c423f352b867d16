package org.trawl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trawl.cli.IiifCommandTest.args;
import static org.trawl.cli.IiifCommandTest.folder;
import static org.trawl.cli.IiifCommandTest.lines;
import static org.trawl.cli.IiifCommandTest.size;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.core.ExitCode;
import org.trawl.testing.IiifFakeServer;
import org.trawl.testing.IiifFakeServer.Service;

/**
 * The Image API puts maxWidth, maxHeight, maxArea and sizes in each image's own info.json; trawl reads
 * one per server. An image whose own limits are below its server's refuses the size asked: its own
 * info.json is read then and it is asked again within them.
 */
@QuarkusMainTest
class IiifOwnLimitsTest {
    /** The images of one server, in manifest order: name, width, height. The first one's info.json is the server's. */
    static final List<Object[]> IMAGES = List.of(
            new Object[] {"a", 1000, 750}, // no limits of its own
            new Object[] {"b", 1000, 750}, // maxWidth 350, and a 501 for the first size asked
            new Object[] {"c", 800, 600}, // no limits of its own
            new Object[] {"d", 1000, 750}, // maxArea 60000
            new Object[] {"e", 1000, 750}, // level 0: only its listed sizes
            new Object[] {"f", 1200, 900}); // maxWidth 350

    static final String MANIFEST = """
            {"@context": "http://iiif.io/api/presentation/3/context.json", "id": "https://example.org/limits/manifest",
             "type": "Manifest", "label": {"en": ["Limits"]}, "items": [%s]}
            """.formatted(IntStream.range(0, IMAGES.size())
            .mapToObj(i -> canvas(i, (String) IMAGES.get(i)[0], (int) IMAGES.get(i)[1], (int) IMAGES.get(i)[2]))
            .collect(Collectors.joining(", ")));

    static String canvas(int n, String name, int w, int h) {
        return """
                {"id": "https://example.org/limits/c%d", "type": "Canvas", "width": %d, "height": %d, "items": [
                 {"id": "https://example.org/limits/p%d", "type": "AnnotationPage", "items": [
                  {"type": "Annotation", "motivation": "painting", "body": {
                   "id": "https://img.example.org/lim/%s/full/max/0/default.jpg", "type": "Image", "format": "image/jpeg",
                   "width": %d, "height": %d,
                   "service": [{"id": "https://img.example.org/lim/%s", "type": "ImageService2", "profile": "level2"}]}}]}]}""".formatted(n, w, h, n, name, w, h, name);
    }

    IiifFakeServer server;

    @TempDir
    Path tmp;

    Path out;

    @BeforeEach
    void start() {
        server = IiifFakeServer.start();
        out = tmp.resolve("out");
        server.service("https://img.example.org/lim/a", Service.v2(2, 1000, 750));
        server.service("https://img.example.org/lim/b", Service.v2(2, 1000, 750).capped(350));
        server.service("https://img.example.org/lim/c", Service.v2(2, 800, 600));
        server.service("https://img.example.org/lim/d", Service.v2(2, 1000, 750).withMaxArea(60_000));
        server.service(
                "https://img.example.org/lim/e",
                Service.v2(0, 1000, 750)
                        .withSizes(List.of(new int[] {250, 188}, new int[] {500, 375}, new int[] {1000, 750})));
        server.service("https://img.example.org/lim/f", Service.v2(2, 1200, 900).capped(350));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyImageArrivesAtTheLargestSizeItsOwnLimitsAllowAndOnlyRefusedOnesCostAnInfoJson(
            QuarkusMainLauncher launcher) throws Exception {
        String manifest = server.document("/example.org/limits/manifest", MANIFEST);
        server.failFirst("/img.example.org/lim/b/full/400,/0/default.jpg", 501);

        LaunchResult r = launcher.launch(args("iiif", manifest, out, "-w", 400));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        String dir = folder(manifest);
        assertThat(size(out.resolve(dir + "/0000.jpg"))).containsExactly(400, 300);
        assertThat(size(out.resolve(dir + "/0001.jpg"))).containsExactly(350, 262); // its maxWidth
        assertThat(size(out.resolve(dir + "/0002.jpg"))).containsExactly(400, 300);
        assertThat(size(out.resolve(dir + "/0003.jpg"))).containsExactly(282, 212); // its maxArea
        assertThat(size(out.resolve(dir + "/0004.jpg"))).containsExactly(250, 188); // the largest listed size <= 400
        assertThat(size(out.resolve(dir + "/0005.jpg"))).containsExactly(350, 262);
        // one info.json for the server (its first image's), one per image that refused: not one per image
        assertThat(server.requests().stream().filter(p -> p.endsWith("/info.json")))
                .containsExactlyInAnyOrder(
                        "/img.example.org/lim/a/info.json",
                        "/img.example.org/lim/b/info.json",
                        "/img.example.org/lim/d/info.json",
                        "/img.example.org/lim/e/info.json",
                        "/img.example.org/lim/f/info.json");
        // a 501 is not retried as it was: the image is asked within its limits instead
        assertThat(server.requests()).containsOnlyOnce("/img.example.org/lim/b/full/400,/0/default.jpg");
        assertThat(r.getErrorOutput()).contains("4 image(s) refused the size asked");
        String md = Files.readString(out.resolve("metadata.csv"));
        // the URL and the size actually obtained, not the ones first asked
        assertThat(row(md, dir + "/0001.jpg"))
                .contains("/img.example.org/lim/b/full/max/0/default.jpg,")
                .contains(",350,262,");
        assertThat(row(md, dir + "/0004.jpg"))
                .contains("/img.example.org/lim/e/full/250,/0/default.jpg")
                .contains(",250,188,");

        // a resumed run fetches nothing again, and what it learnt stays in metadata.csv
        server.clearRequests();
        LaunchResult again = launcher.launch(args("iiif", manifest, out, "-w", 400));

        assertThat(again.exitCode()).as(again.getErrorOutput()).isZero();
        assertThat(server.imageRequests()).isEmpty();
        assertThat(server.requests().stream().filter(p -> p.endsWith("/info.json")))
                .containsExactly("/img.example.org/lim/a/info.json");
        assertThat(row(Files.readString(out.resolve("metadata.csv")), dir + "/0003.jpg"))
                .contains(",282,212,");
        assertThat(lines(out.resolve("failures.csv"))).hasSize(1);
    }

    @Test
    void withoutAWidthLimitAndWithFullResolutionAnImageRefusingItsFullSizeGetsItsOwnLargest(
            QuarkusMainLauncher launcher) throws Exception {
        String manifest = server.document("/example.org/limits/manifest", MANIFEST);

        // no tiles advertised: --full-resolution changes nothing here, and must not lose the refused images
        LaunchResult r = launcher.launch(args("iiif", manifest, out, "--full-resolution"));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        String dir = folder(manifest);
        assertThat(size(out.resolve(dir + "/0000.jpg"))).containsExactly(1000, 750);
        assertThat(size(out.resolve(dir + "/0001.jpg"))).containsExactly(350, 262);
        assertThat(size(out.resolve(dir + "/0002.jpg"))).containsExactly(800, 600);
        assertThat(size(out.resolve(dir + "/0003.jpg"))).containsExactly(282, 212);
        assertThat(size(out.resolve(dir + "/0004.jpg"))).containsExactly(1000, 750); // its largest listed size
        assertThat(size(out.resolve(dir + "/0005.jpg"))).containsExactly(350, 262);
        assertThat(r.getErrorOutput()).contains("3 image(s) refused the size asked");
    }

    @Test
    void anImageWhoseOwnInfoJsonCannotBeReadFailsWithThatReason(QuarkusMainLauncher launcher) throws Exception {
        String manifest = server.document("/example.org/limits/manifest", MANIFEST);
        server.failFirst("/img.example.org/lim/f/info.json", 404);

        LaunchResult r = launcher.launch(args("iiif", manifest, out, "-w", 400, "--retries", 0));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(ExitCode.PARTIAL);
        assertThat(r.getErrorOutput()).doesNotContain("Exception").doesNotContain("\tat ");
        List<String> failures = lines(out.resolve("failures.csv"));
        assertThat(failures).hasSize(2);
        assertThat(failures.get(1))
                .contains(folder(manifest) + "/0005")
                .contains("http 400; its own info.json could not be read: http 404");
        assertThat(lines(out.resolve("downloaded_images.txt"))).hasSize(5);
    }

    /** The metadata.csv row of a path (its first column). */
    static String row(String csv, String path) {
        return csv.lines().filter(l -> l.startsWith(path + ",")).findFirst().orElseThrow();
    }
}
