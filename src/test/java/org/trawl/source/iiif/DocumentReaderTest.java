package org.trawl.source.iiif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which images a document yields, read without a server (every part here is embedded, so the reader
 * never needs its client): Choice bodies give their default image only, in both versions; painting
 * annotations count and commenting ones do not; real manifests of both versions read as their viewers
 * show them.
 */
class DocumentReaderTest {
    final DocumentReader reader = new DocumentReader(null);

    IiifDocument read(String json) throws DocumentException {
        return reader.read(IiifJsonTest.json(json), "https://example.org/m");
    }

    IiifDocument fixture(String name) throws Exception {
        return reader.read(ImageServiceTest.fixture(name), "https://example.org/" + name);
    }

    static List<String> services(IiifDocument d) {
        return d.images().stream()
                .map(i -> i.service() == null
                        ? "none " + i.resourceUrl()
                        : i.service().id())
                .toList();
    }

    /** A 3.0 manifest with one canvas whose painting annotation has {@code body}. */
    static String v3(String body) {
        return """
                {"id": "https://example.org/m", "type": "Manifest", "label": {"en": ["M"]}, "items": [
                 {"id": "https://example.org/c1", "type": "Canvas", "label": {"none": ["f. 1r"]}, "items": [
                  {"id": "https://example.org/p1", "type": "AnnotationPage", "items": [
                   {"type": "Annotation", "motivation": "painting", "body": %s},
                   {"type": "Annotation", "motivation": "commenting", "body": {"id": "https://img/comment.jpg",
                    "type": "Image"}}]}]}]}""".formatted(body);
    }

    static String image(String name) {
        return """
                {"id": "https://img/%s/full/max/0/default.jpg", "type": "Image", "format": "image/jpeg",
                 "service": [{"id": "https://img/%s", "type": "ImageService3", "profile": "level1"}]}""".formatted(name, name);
    }

    @Test
    void aPresentationThreeChoiceGivesItsFirstImageOnly() throws Exception {
        IiifDocument d =
                read(v3("{\"type\": \"Choice\", \"items\": [%s, %s]}".formatted(image("colour"), image("uv"))));

        assertThat(services(d)).containsExactly("https://img/colour");
        assertThat(d.images().get(0).canvasId()).isEqualTo("https://example.org/c1");
        assertThat(d.images().get(0).canvasLabel()).isEqualTo("f. 1r");
    }

    @Test
    void aChoiceWhoseFirstItemIsNotAnImageGivesItsFirstImage() throws Exception {
        IiifDocument d = read(v3("""
                {"type": "Choice", "items": [{"id": "https://e/transcript.txt", "type": "Text", "format": "text/plain"},
                 %s, %s]}""".formatted(image("raking"), image("colour"))));

        assertThat(services(d)).containsExactly("https://img/raking");
    }

    @Test
    void aPresentationTwoChoiceGivesItsDefault() throws Exception {
        IiifDocument d = read("""
                {"@id": "https://example.org/m", "@type": "sc:Manifest", "label": "M", "sequences": [
                 {"@type": "sc:Sequence", "canvases": [
                  {"@id": "https://example.org/c1", "@type": "sc:Canvas", "label": "f. 1r", "images": [
                   {"@type": "oa:Annotation", "motivation": "sc:painting", "resource": {"@type": "oa:Choice",
                    "default": {"@id": "https://img/colour/full/full/0/default.jpg", "@type": "dctypes:Image",
                     "service": {"@id": "https://img/colour", "profile": "http://iiif.io/api/image/2/level2.json"}},
                    "item": [{"@id": "https://img/uv/full/full/0/default.jpg", "@type": "dctypes:Image",
                     "service": {"@id": "https://img/uv", "profile": "http://iiif.io/api/image/2/level2.json"}}]}}]}]}]}""");

        assertThat(services(d)).containsExactly("https://img/colour");
        assertThat(d.images().get(0).service().version()).isEqualTo(2);
        assertThat(d.images().get(0).service().level()).isEqualTo(2);
    }

    @Test
    void bodiesThatAreNotImagesAndCommentingAnnotationsGiveNoImage() throws Exception {
        IiifDocument d = read(v3("[{\"type\": \"TextualBody\", \"value\": \"a face\"}, %s]".formatted(image("page"))));

        assertThat(services(d)).containsExactly("https://img/page");
        DocumentException none = assertThrows(
                DocumentException.class, () -> read(v3("{\"type\": \"Sound\", \"id\": \"https://e/a.mp3\"}")));
        assertThat(none.getMessage()).isEqualTo("no images in this Manifest");
    }

    @Test
    void theSameServiceOnTwoCanvasesIsOneImage() throws Exception {
        String canvas = """
                {"id": "https://example.org/c%d", "type": "Canvas", "items": [{"id": "https://example.org/p%d",
                 "type": "AnnotationPage", "items": [{"type": "Annotation", "motivation": "painting", "body": %s}]}]}""";
        IiifDocument d = read("{\"id\": \"https://example.org/m\", \"type\": \"Manifest\", \"items\": [%s, %s, %s]}"
                .formatted(
                        canvas.formatted(1, 1, image("a")),
                        canvas.formatted(2, 2, image("a")),
                        canvas.formatted(3, 3, image("b"))));

        assertThat(services(d)).containsExactly("https://img/a", "https://img/b");
    }

    @Test
    void theHamiltonLetterPaintsAChoiceOfNineteenImagesOfWhichTheDefaultIsTaken() throws Exception {
        IiifDocument d = fixture("mirador-v3/hamilton.json");

        assertThat(d.images()).hasSize(5);
        assertThat(services(d).get(0))
                .as("the Choice's default")
                .isEqualTo("https://images.prtd.app/iiif/2/hamilton%2fHL_524_1r_00_PSC");
        assertThat(services(d)).noneMatch(s -> s.contains("TS_Blue"));
        assertThat(d.label()).isEqualTo("Letter from Alexander Hamilton Papers (September 6, 1780)");
        assertThat(d.images().get(0).service().version()).isEqualTo(2);
        assertThat(d.images().get(0).service().level()).isEqualTo(2);
    }

    @Test
    void aPresentationThreeManifestWithAnImageServiceTwo() throws Exception {
        IiifDocument d = fixture("mirador-v3/001.json");

        assertThat(d.type()).isEqualTo("Manifest");
        assertThat(d.label()).isEqualTo("Bodleian Library: Human Freaks 2 (33)");
        assertThat(d.description()).isEqualTo("[Handbill of Mr. Becket, [1787] ]");
        assertThat(d.requiredStatement()).isEqualTo("Terms of Use: None");
        assertThat(d.images()).hasSize(1); // the commenting annotations and the thumbnail are not images to fetch
        ImageService s = d.images().get(0).service();
        assertThat(s.version()).isEqualTo(2);
        assertThat(s.level()).isEqualTo(1);
        assertThat(s.width()).as("the resource's size, until info.json is read").isEqualTo(5776);
        assertThat(ImageRequest.url(s, 1000))
                .isEqualTo(
                        "https://iiif.bodleian.ox.ac.uk/iiif/image/9cca8fdd-4a61-4429-8ac1-f648764b4d6d/full/1000,/0/default.jpg");
    }

    @Test
    void aPresentationTwoManifestWithSeveralCanvases() throws Exception {
        IiifDocument d = fixture("mirador-v2/019.json");

        assertThat(d.label()).isEqualTo("Test 19 Manifest: Multiple Canvases");
        assertThat(d.images())
                .extracting(IiifDocument.Image::canvasLabel)
                .containsExactly("Test 19 Canvas: 1", "Image 1", "Image 2");
        assertThat(d.images()).allSatisfy(i -> {
            assertThat(i.service().version()).isEqualTo(2);
            assertThat(i.service().level()).isEqualTo(2);
        });
        assertThat(ImageRequest.url(d.images().get(2).service(), 2000))
                .as("2848 wide: reduced to 2000")
                .endsWith("/full/2000,/0/default.jpg");
    }

    @Test
    void anInfoJsonOnItsOwnIsOneImage() throws Exception {
        IiifDocument d = fixture("allmaps/image.3.918ecd18c2592080851777620de9bcb5-gottingen.json");

        assertThat(d.type()).isEqualTo("ImageService");
        assertThat(d.images()).hasSize(1);
        assertThat(d.license()).isEqualTo("http://creativecommons.org/publicdomain/mark/1.0/");
        assertThat(d.images().get(0).service().fromInfo()).isTrue();
    }
}
