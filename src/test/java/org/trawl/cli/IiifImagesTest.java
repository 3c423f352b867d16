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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.testing.IiifFakeServer;
import org.trawl.testing.IiifFakeServer.Service;
import org.trawl.testing.TestImages;

/** How each kind of image resource becomes a request: compliance levels, API versions, Choice, no service. */
@QuarkusMainTest
class IiifImagesTest {
    static final String V3 = """
            {"@context": "http://iiif.io/api/presentation/3/context.json", "id": "https://example.org/kinds/manifest",
             "type": "Manifest", "label": {"fr": ["Sortes"], "en": ["Kinds"]}, "rights": "http://creativecommons.org/licenses/by/4.0/",
             "items": [
              {"id": "https://example.org/kinds/c0", "type": "Canvas", "label": {"none": ["level 0"]}, "items": [
               {"id": "https://example.org/kinds/p0", "type": "AnnotationPage", "items": [
                {"type": "Annotation", "motivation": "painting", "body": {"id": "https://img.example.org/zero/full/max/0/default.jpg",
                 "type": "Image", "service": [{"id": "https://img.example.org/zero", "type": "ImageService3", "profile": "level0"}]}}]}]},
              {"id": "https://example.org/kinds/c1", "type": "Canvas", "label": {"en": ["image api 1.1"]}, "items": [
               {"id": "https://example.org/kinds/p1", "type": "AnnotationPage", "items": [
                {"type": "Annotation", "motivation": "painting", "body": {"id": "https://img.example.org/old/full/full/0/native.jpg",
                 "type": "Image", "format": "image/jpeg", "service": {
                  "@context": "http://library.stanford.edu/iiif/image-api/1.1/context.json", "@id": "https://img.example.org/old",
                  "profile": "http://library.stanford.edu/iiif/image-api/1.1/compliance.html#level1"}}}]}]},
              {"id": "https://example.org/kinds/c2", "type": "Canvas", "label": {"en": ["no service"]}, "items": [
               {"id": "https://example.org/kinds/p2", "type": "AnnotationPage", "items": [
                {"type": "Annotation", "motivation": "painting", "body": {"id": "https://img.example.org/plain.png",
                 "type": "Image", "format": "image/png", "width": 300, "height": 200}}]}]},
              {"id": "https://example.org/kinds/c3", "type": "Canvas", "label": {"en": ["choice"]}, "items": [
               {"id": "https://example.org/kinds/p3", "type": "AnnotationPage", "items": [
                {"type": "Annotation", "motivation": "painting", "body": {"type": "Choice", "items": [
                  {"id": "https://img.example.org/a/full/max/0/default.jpg", "type": "Image",
                   "service": [{"id": "https://img.example.org/a", "type": "ImageService2", "profile": "level2"}]},
                  {"id": "https://img.example.org/b/full/max/0/default.jpg", "type": "Image",
                   "service": [{"id": "https://img.example.org/b", "type": "ImageService2", "profile": "level2"}]}]}},
                {"type": "Annotation", "motivation": "commenting", "body": {"type": "TextualBody", "value": "not an image"}}]}]}]}
            """;

    static final String V2_SEQUENCES = """
            {"@context": "http://iiif.io/api/presentation/2/context.json", "@id": "https://example.org/two/manifest",
             "@type": "sc:Manifest", "label": [{"@value": "Deux", "@language": "fr"}, {"@value": "Two", "@language": "en"}],
             "attribution": "A library", "license": "https://rightsstatements.org/vocab/NoC-US/1.0/",
             "sequences": [
              {"@type": "sc:Sequence", "canvases": [%s, %s]},
              {"@type": "sc:Sequence", "canvases": [%s, %s]}]}
            """.formatted(canvas(1), canvas(2), canvas(2), canvas(3));

    static String canvas(int n) {
        return """
                {"@id": "https://example.org/two/c%d", "@type": "sc:Canvas", "label": "p. %d", "images": [
                 {"@type": "oa:Annotation", "motivation": "sc:painting", "resource": {
                  "@id": "https://img.example.org/two%d/full/full/0/default.jpg", "@type": "dctypes:Image",
                  "service": {"@context": "http://iiif.io/api/image/2/context.json", "@id": "https://img.example.org/two%d",
                   "profile": "http://iiif.io/api/image/2/level1.json"}}}]}""".formatted(n, n, n, n);
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

    @Test
    void eachLevelAndVersionGetsASizeItAcceptsAndAServiceLessImageKeepsItsFormat(QuarkusMainLauncher launcher)
            throws Exception {
        String manifest = server.document("/example.org/kinds/manifest", V3);
        server.service(
                "https://img.example.org/zero",
                Service.v3(0, 2000, 1500)
                        .withSizes(List.of(new int[] {500, 375}, new int[] {1000, 750}, new int[] {2000, 1500})));
        server.service("https://img.example.org/old", Service.v1(800, 600));
        server.service("https://img.example.org/a", Service.v2(2, 1000, 500));
        server.service("https://img.example.org/b", Service.v2(2, 1000, 500));
        byte[] png = TestImages.png(300, 200, 3);
        server.file("/img.example.org/plain.png", png);

        LaunchResult r = launcher.launch(args("iiif", manifest, out, "-w", 600));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        String dir = folder(manifest);
        assertThat(server.imageRequests())
                .containsExactlyInAnyOrder(
                        "/img.example.org/zero/full/500,375/0/default.jpg", // level 0: the largest declared size under
                        // 600
                        "/img.example.org/old/full/600,/0/native.jpg", // Image API 1.1: native quality
                        "/img.example.org/a/full/600,/0/default.jpg"); // Choice: its first (default) image only
        assertThat(size(out.resolve(dir + "/0000.jpg"))).containsExactly(500, 375);
        assertThat(size(out.resolve(dir + "/0001.jpg"))).containsExactly(600, 450);
        // no service: taken as served, PNG stays PNG (the seed re-encoded everything to JPEG, and its
        // local-resize fallback crashed on Python 3)
        assertThat(Files.readAllBytes(out.resolve(dir + "/0002.png"))).isEqualTo(png);
        assertThat(size(out.resolve(dir + "/0003.jpg"))).containsExactly(600, 300);
        assertThat(r.getErrorOutput()).contains("1 image(s) have no IIIF image service");
        String md = Files.readString(out.resolve("metadata.csv"));
        assertThat(md)
                .contains("http://creativecommons.org/licenses/by/4.0/")
                .contains(",Kinds,")
                .contains(",level 0,")
                .contains(",image api 1.1,");
    }

    static final String PLAIN = """
            {"@context": "http://iiif.io/api/presentation/3/context.json", "id": "https://example.org/plain/manifest",
             "type": "Manifest", "label": {"en": ["Plain"]}, "items": [%s, %s, %s]}
            """.formatted(
                    plainCanvas(0, "wide.jpg", "image/jpeg"),
                    plainCanvas(1, "tall.png", "image/png"),
                    plainCanvas(2, "small.jpg", "image/jpeg"));

    static String plainCanvas(int n, String file, String type) {
        return """
                {"id": "https://example.org/plain/c%d", "type": "Canvas", "items": [
                 {"id": "https://example.org/plain/p%d", "type": "AnnotationPage", "items": [
                  {"type": "Annotation", "motivation": "painting", "body": {"id": "https://img.example.org/%s",
                   "type": "Image", "format": "%s"}}]}]}""".formatted(n, n, file, type);
    }

    @Test
    void aServiceLessImageWiderThanTheLimitIsDownscaledHereAndNeverUpscaled(QuarkusMainLauncher launcher)
            throws Exception {
        String manifest = server.document("/example.org/plain/manifest", PLAIN);
        server.file("/img.example.org/wide.jpg", TestImages.jpeg(2400, 1600, 1));
        server.file("/img.example.org/tall.png", TestImages.png(1000, 3000, 2));
        byte[] small = TestImages.jpeg(500, 400, 3);
        server.file("/img.example.org/small.jpg", small);

        LaunchResult r = launcher.launch(args("iiif", manifest, out, "-w", 600));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        String dir = folder(manifest);
        assertThat(size(out.resolve(dir + "/0000.jpg"))).containsExactly(600, 400);
        assertThat(size(out.resolve(dir + "/0001.png"))).containsExactly(600, 1800); // PNG stays PNG
        assertThat(Files.readAllBytes(out.resolve(dir + "/0002.jpg"))).isEqualTo(small); // narrower: as served
        assertThat(r.getErrorOutput())
                .contains("3 image(s) have no IIIF image service")
                .contains("reduced here to -w 600 if wider");
        assertThat(lines(out.resolve("downloaded_images.txt"))).hasSize(3);
    }

    @Test
    void withoutAWidthLimitAServiceLessImageIsKeptAsServed(QuarkusMainLauncher launcher) throws Exception {
        String manifest = server.document("/example.org/plain/manifest", PLAIN);
        byte[] wide = TestImages.jpeg(2400, 1600, 1);
        server.file("/img.example.org/wide.jpg", wide);
        server.file("/img.example.org/tall.png", TestImages.png(1000, 3000, 2));
        server.file("/img.example.org/small.jpg", TestImages.jpeg(500, 400, 3));

        LaunchResult r = launcher.launch(args("iiif", manifest, out));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        assertThat(Files.readAllBytes(out.resolve(folder(manifest) + "/0000.jpg")))
                .isEqualTo(wide);
    }

    @Test
    void severalSequencesListACanvasOnceAndAListFileTakesSeveralInputs(QuarkusMainLauncher launcher) throws Exception {
        server.defaultService(Service.v2(1, 400, 300));
        String two = server.document("/example.org/two/manifest", V2_SEQUENCES);
        String hamilton = server.fixture("mirador-v3/hamilton.json");
        Path list = tmp.resolve("inputs.txt");
        Files.writeString(list, "# manifests\n" + two + "\n\n" + hamilton + "\n");
        Path meta = tmp.resolve("meta.csv");

        LaunchResult r = launcher.launch(args("iiif", list, out, "-m", meta));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        String d2 = folder(two), dh = folder(hamilton);
        // the second sequence's canvas 2 is canvas 2 again: three images, not four
        assertThat(lines(out.resolve("downloaded_images.txt")))
                .startsWith(d2 + "/0000.jpg", d2 + "/0001.jpg", d2 + "/0002.jpg", dh + "/0000.jpg")
                .hasSize(3 + 5);
        // hamilton's canvas paints a Choice of 19 images of the leaf (only its default is fetched) and 4 more images
        assertThat(server.imageRequests())
                .hasSize(8)
                .anyMatch(p -> p.contains("hamilton%2fHL_524_1r_00_PSC/full/full/"))
                .noneMatch(p -> p.contains("HL_524_1r_00_TS_Blue"));
        List<String> vgg = lines(meta);
        assertThat(vgg.get(1))
                .isEqualTo(d2 + "/0000.jpg,\"{\"\"caption\"\": \"\"p. 1\"\", \"\"document_label\"\": "
                        + "\"\"Two\"\", \"\"document_attribution\"\": \"\"A library\"\"}\"");
        // a language map whose key is not a language ("true") still gives text
        assertThat(vgg.get(4))
                .contains("\"\"document_label\"\": \"\"Letter from Alexander Hamilton Papers (September 6, 1780)\"\"");
    }

    @Test
    void documentsAreRetriedAndDryRunDownloadsNoImage(QuarkusMainLauncher launcher) throws Exception {
        server.defaultService(Service.v2(2, 400, 300));
        String m19 = server.fixture("mirador-v2/019.json");
        server.failFirst(m19, 503, 503);

        LaunchResult dry = launcher.launch(args("iiif", m19, out, "--dry-run", "--retries", 2));

        assertThat(dry.exitCode()).as(dry.getErrorOutput()).isZero();
        assertThat(dry.getOutput()).contains("plan: 3 items").contains("Test 19 Manifest_ Multiple Canvases");
        assertThat(server.imageRequests()).isEmpty();
        assertThat(server.requests())
                .filteredOn(p -> p.endsWith("/19/manifest.json"))
                .hasSize(3);
    }
}
