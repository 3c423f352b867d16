package org.trawl.source.iiif;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.trawl.internal.Json;

/**
 * What a service description says about the request trawl may make: its Image API version (by type,
 * context or profile), its compliance level, its caps and features, in the spellings of 1.1, 2.x and 3.0,
 * and which of a resource's services is used. Then the URL built from it, for real info.json documents.
 */
class ImageServiceTest {
    static JsonNode json(String s) {
        return IiifJsonTest.json(s);
    }

    static JsonNode fixture(String name) throws Exception {
        try (InputStream in = ImageServiceTest.class.getClassLoader().getResourceAsStream("fixtures/iiif/" + name)) {
            return Json.MAPPER.readTree(in);
        }
    }

    static ImageService describe(String s) {
        return ImageService.describe(json(s), true, -1, -1);
    }

    @Test
    void theVersionComesFromTheTypeTheContextOrTheProfile() {
        assertThat(describe("{\"id\": \"https://i/x\", \"type\": \"ImageService3\"}")
                        .version())
                .isEqualTo(3);
        assertThat(describe("{\"@id\": \"https://i/x\", \"@type\": \"ImageService2\"}")
                        .version())
                .isEqualTo(2);
        assertThat(describe("{\"id\": \"https://i/x\", \"type\": \"ImageService1\"}")
                        .version())
                .isEqualTo(1);
        assertThat(describe("{\"@id\": \"https://i/x\", \"@context\": \"http://iiif.io/api/image/3/context.json\"}")
                        .version())
                .isEqualTo(3);
        assertThat(describe("{\"@id\": \"https://i/x\", \"@context\": \"http://iiif.io/api/image/2/context.json\"}")
                        .version())
                .isEqualTo(2);
        assertThat(describe("""
                {"@id": "https://i/x", "@context": "http://library.stanford.edu/iiif/image-api/1.1/context.json",
                 "profile": "http://library.stanford.edu/iiif/image-api/1.1/compliance.html#level2"}""").version()).isEqualTo(1);
        assertThat(describe("{\"@id\": \"https://i/x\", \"profile\": \"http://iiif.io/api/image/1/level1.json\"}")
                        .version())
                .isEqualTo(1);
        assertThat(describe("{\"@id\": \"https://i/x\"}").version())
                .as("nothing said: 2, the most common")
                .isEqualTo(2);
    }

    @Test
    void theLevelComesFromTheProfileInAnySpelling() {
        assertThat(describe("{\"id\": \"https://i/x\", \"type\": \"ImageService3\", \"profile\": \"level0\"}")
                        .level())
                .isZero();
        assertThat(describe("{\"@id\": \"https://i/x\", \"profile\": \"http://iiif.io/api/image/2/level2.json\"}")
                        .level())
                .isEqualTo(2);
        assertThat(describe("""
                {"@id": "https://i/x", "profile": ["http://iiif.io/api/image/2/level1.json",
                 {"supports": ["sizeByConfinedWh"], "maxWidth": 2000}]}""").level()).isEqualTo(1);
        assertThat(describe("{\"@id\": \"https://i/x\"}").level()).as("unknown").isEqualTo(-1);
    }

    @Test
    void capsAndFeaturesAreReadWhereEachVersionPutsThem() {
        // 2.1: in the profile's object
        ImageService two = describe("""
                {"@id": "https://i/x", "width": 4000, "height": 3000, "profile": ["http://iiif.io/api/image/2/level1.json",
                 {"supports": ["sizeByConfinedWh"], "maxWidth": 2000, "maxArea": 3000000}]}""");
        assertThat(two.maxWidth()).isEqualTo(2000);
        assertThat(two.maxHeight())
                .as("a maxWidth alone caps the height the same")
                .isEqualTo(2000);
        assertThat(two.maxArea()).isEqualTo(3_000_000);
        assertThat(two.confinedSizes()).isTrue();
        // 3.0: at the top, with extraFeatures
        ImageService three = describe("""
                {"id": "https://i/x", "type": "ImageService3", "profile": "level1", "width": 4000, "height": 3000,
                 "maxWidth": 1000, "maxHeight": 800, "extraFeatures": ["sizeByConfinedWh"]}""");
        assertThat(three.maxWidth()).isEqualTo(1000);
        assertThat(three.maxHeight()).isEqualTo(800);
        assertThat(three.confinedSizes()).isTrue();
        assertThat(describe("{\"@id\": \"https://i/x\", \"profile\": \"level1\"}")
                        .confinedSizes())
                .isFalse();
        assertThat(describe("{\"@id\": \"https://i/x\", \"profile\": \"level2\"}")
                        .confinedSizes())
                .isTrue();
    }

    @Test
    void aServiceWithoutASizeTakesItsResourcesAndATrailingSlashIsDropped() {
        ImageService s =
                ImageService.describe(json("{\"@id\": \"https://i/x//\", \"profile\": \"level1\"}"), false, 5776, 9125);
        assertThat(s.width()).isEqualTo(5776);
        assertThat(s.height()).isEqualTo(9125);
        assertThat(s.id()).isEqualTo("https://i/x");
        assertThat(ImageRequest.url(s, -1)).isEqualTo("https://i/x/full/full/0/default.jpg");
    }

    @Test
    void theHighestVersionOfAResourcesImageServicesIsUsedAndOtherServicesAreNot() {
        JsonNode services = json("""
                [{"id": "https://search/x", "type": "SearchService1"},
                 {"@id": "https://i/v2", "@type": "ImageService2", "profile": "level2"},
                 {"id": "https://i/v3", "type": "ImageService3", "profile": "level1"},
                 {"@id": "https://i/v1", "profile": "http://library.stanford.edu/iiif/image-api/1.1/compliance.html#level2"}]""");
        ImageService best = ImageService.pick(services, 1000, 800);
        assertThat(best.id()).isEqualTo("https://i/v3");
        assertThat(best.fromInfo()).isFalse();
        assertThat(ImageService.pick(json("[{\"id\": \"https://search/x\", \"type\": \"SearchService1\"}]"), 10, 10))
                .isNull();
        assertThat(ImageService.pick(json("{\"@id\": \"https://i/one\", \"@type\": \"ImageService2\"}"), 10, 10)
                        .id())
                .as("one object, not a list")
                .isEqualTo("https://i/one");
    }

    @Test
    void aManifestsServiceAddressStaysWhenItsInfoJsonNamesAnother() {
        ImageService fromManifest =
                ImageService.pick(json("{\"@id\": \"https://proxy/x\", \"@type\": \"ImageService2\"}"), -1, -1);
        ImageService merged = fromManifest.withInfo(json("""
                {"id": "https://origin/x", "type": "ImageService3", "profile": "level0", "width": 2000, "height": 1000,
                 "sizes": [{"width": 500, "height": 250}, {"width": 1000, "height": 500}]}"""));
        assertThat(merged.id()).isEqualTo("https://proxy/x");
        assertThat(merged.version()).isEqualTo(3);
        assertThat(merged.level()).isZero();
        assertThat(merged.fromInfo()).isTrue();
        assertThat(ImageRequest.url(merged, 800)).isEqualTo("https://proxy/x/full/500,250/0/default.jpg");
    }

    @Test
    void realImageApiThreeInfoJson() throws Exception {
        ImageService s = ImageService.describe(
                fixture("allmaps/image.3.918ecd18c2592080851777620de9bcb5-gottingen.json"), true, -1, -1);
        assertThat(s.version()).isEqualTo(3);
        assertThat(s.level()).isEqualTo(1);
        assertThat(s.width()).isEqualTo(4032);
        assertThat(s.height()).isEqualTo(3024);
        assertThat(s.tiles()).isEqualTo(new ImageService.Tiles(512, 512));
        String base = "https://iiif.io/api/image/3.0/example/reference/918ecd18c2592080851777620de9bcb5-gottingen";
        assertThat(ImageRequest.url(s, -1)).isEqualTo(base + "/full/max/0/default.jpg");
        assertThat(ImageRequest.url(s, 1000)).isEqualTo(base + "/full/1000,/0/default.jpg");
        assertThat(ImageRequest.url(s, 5000)).as("never upscaled").isEqualTo(base + "/full/max/0/default.jpg");
    }

    @Test
    void realImageApiTwoInfoJsonWithTheProfileAsAnArray() throws Exception {
        ImageService s = ImageService.describe(fixture("allmaps/image.2.nls-10146-101465411.json"), true, -1, -1);
        String base = "https://mapview.nls.uk/iiif/10146/101465411";
        assertThat(ImageRequest.url(s, -1)).isEqualTo(base + "/full/full/0/default.jpg");
        assertThat(ImageRequest.url(s, 20_000)).as("never upscaled").isEqualTo(base + "/full/full/0/default.jpg");
    }
}
