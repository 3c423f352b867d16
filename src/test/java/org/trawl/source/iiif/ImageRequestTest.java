package org.trawl.source.iiif;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.trawl.internal.Json;

/** The size part of an Image API request, for the cases the end-to-end tests do not reach. */
class ImageRequestTest {
    static ImageService s(int version, int level, int w, int h, int maxW, int maxH, long maxArea) {
        return new ImageService(
                "https://i.example/x/", version, level, w, h, maxW, maxH, maxArea, List.of(), Set.of(), true);
    }

    @Test
    void wholeImagePerVersion() {
        assertThat(ImageRequest.url(s(1, 1, 800, 600, -1, -1, -1), -1))
                .isEqualTo("https://i.example/x/full/full/0/native.jpg");
        assertThat(ImageRequest.size(s(2, 1, 800, 600, -1, -1, -1), -1)).isEqualTo("full");
        assertThat(ImageRequest.size(s(3, 1, 800, 600, -1, -1, -1), -1)).isEqualTo("max");
        assertThat(ImageRequest.size(s(3, 1, 800, 600, -1, -1, -1), 800)).isEqualTo("max");
    }

    @Test
    void serverCapsAreMaxAndAWidthUnderTheCapsIsAsked() {
        assertThat(ImageRequest.size(s(2, 2, 4000, 3000, -1, -1, 1_000_000), -1))
                .isEqualTo("max");
        assertThat(ImageRequest.size(s(2, 2, 4000, 3000, 1000, 1000, -1), 2000)).isEqualTo("max");
        // the user's width binds; the server caps heights too and can fit a box: it does the rounding
        assertThat(ImageRequest.size(s(3, 2, 4000, 3000, -1, 2000, -1), 1000)).isEqualTo("!1000,750");
        assertThat(ImageRequest.size(s(2, 1, 4000, 3000, -1, 2000, -1), 1000)).isEqualTo("1000,");
    }

    @Test
    void unknownSizeNeverGuessesAnUpscaleUnlessAWidthIsAsked() {
        assertThat(ImageRequest.size(s(2, 1, -1, -1, -1, -1, -1), -1)).isEqualTo("full");
        assertThat(ImageRequest.size(s(2, 1, -1, -1, -1, -1, -1), 500)).isEqualTo("500,");
    }

    @Test
    void levelZeroTakesTheLargestDeclaredSizeOrTheSmallest() {
        ImageService zero = new ImageService(
                "https://i.example/z",
                2,
                0,
                2000,
                1000,
                -1,
                -1,
                -1,
                List.of(new int[] {250, 125}, new int[] {500, 250}, new int[] {2000, 1000}),
                Set.of(),
                true);
        assertThat(ImageRequest.size(zero, 700)).isEqualTo("500,");
        assertThat(ImageRequest.size(zero, 100)).isEqualTo("250,");
        assertThat(ImageRequest.size(zero, 3000)).isEqualTo("full");
    }

    @Test
    void realInfoJsonProfileArrayIsRead() throws Exception {
        JsonNode info = Json.MAPPER.readTree(ImageRequestTest.class
                .getClassLoader()
                .getResourceAsStream("fixtures/iiif/allmaps/image.2.nls-10146-101465411.json"));
        ImageService s = ImageService.describe(info, true, -1, -1);
        assertThat(s.version()).isEqualTo(2);
        assertThat(s.level()).isEqualTo(1);
        assertThat(s.width()).isEqualTo(8932);
        assertThat(s.supports()).contains("sizeByWh");
        assertThat(ImageRequest.url(s, 1000))
                .isEqualTo("https://mapview.nls.uk/iiif/10146/101465411/full/1000,/0/default.jpg");
    }
}
