package org.trawl.source.iiif;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The size syntax each Image API version and compliance level accepts, across the whole matrix: the
 * whole image is {@code full} before 3.0 and {@code max} from it; a width is {@code w,} (level 1 and 2),
 * {@code !w,h} where the server also caps heights and can fit a box, and for level 0 only a declared
 * size, {@code w,} before 3.0 and {@code w,h} from it. Whatever the combination, never an upscale.
 */
class ImageRequestLevelsTest {
    static final List<int[]> SIZES = List.of(new int[] {250, 200}, new int[] {1000, 800}, new int[] {500, 400});

    /** A 2000×1600 image (4:5 fits every declared size exactly), with no caps. */
    static ImageService service(int version, int level) {
        return new ImageService(
                "https://i.example/x",
                version,
                level,
                2000,
                1600,
                -1,
                -1,
                -1,
                level == 0 ? SIZES : List.of(),
                Set.of(),
                true);
    }

    @Test
    void theWholeImageIsFullBeforeThreeAndMaxFromIt() {
        for (int level = 0; level <= 2; level++) {
            assertThat(ImageRequest.url(service(1, level), -1)).isEqualTo("https://i.example/x/full/full/0/native.jpg");
            assertThat(ImageRequest.url(service(2, level), -1))
                    .isEqualTo("https://i.example/x/full/full/0/default.jpg");
            assertThat(ImageRequest.url(service(3, level), -1)).isEqualTo("https://i.example/x/full/max/0/default.jpg");
        }
    }

    @Test
    void aWidthLimitIsWCommaAtLevelsOneAndTwoInEveryVersion() {
        for (int version = 1; version <= 3; version++) {
            for (int level = 1; level <= 2; level++) {
                assertThat(ImageRequest.size(service(version, level), 800))
                        .as("v%d level%d", version, level)
                        .isEqualTo("800,");
            }
        }
    }

    @Test
    void levelZeroAsksOnlyForADeclaredSizeInItsVersionsCanonicalForm() {
        assertThat(ImageRequest.size(service(1, 0), 800)).isEqualTo("500,");
        assertThat(ImageRequest.size(service(2, 0), 800)).isEqualTo("500,");
        assertThat(ImageRequest.size(service(3, 0), 800)).isEqualTo("500,400");
        assertThat(ImageRequest.size(service(3, 0), 1000))
                .as("a size exactly at the limit")
                .isEqualTo("1000,800");
        assertThat(ImageRequest.size(service(3, 0), 100))
                .as("none fits: the smallest")
                .isEqualTo("250,200");
        ImageService noSizes =
                new ImageService("https://i.example/x", 3, 0, 2000, 1600, -1, -1, -1, List.of(), Set.of(), true);
        assertThat(ImageRequest.size(noSizes, 800))
                .as("a level-0 server cannot resize: the whole image")
                .isEqualTo("max");
    }

    @Test
    void aBoxIsAskedOnlyOfAServerThatCanFitOneAndCapsHeights() {
        ImageService capped =
                new ImageService("https://i.example/x", 2, 1, 4000, 3001, -1, -1, 6_000_000, List.of(), Set.of(), true);
        assertThat(ImageRequest.size(capped, 1000))
                .as("level 1 cannot fit a box")
                .isEqualTo("1000,");
        ImageService declares = new ImageService(
                "https://i.example/x",
                2,
                1,
                4000,
                3001,
                -1,
                -1,
                6_000_000,
                List.of(),
                Set.of("sizeByConfinedWh"),
                true);
        assertThat(ImageRequest.size(declares, 1000)).as("heights floored too").isEqualTo("!1000,750");
        ImageService levelTwo =
                new ImageService("https://i.example/x", 3, 2, 4000, 3001, -1, 2000, -1, List.of(), Set.of(), true);
        assertThat(ImageRequest.size(levelTwo, 1000)).isEqualTo("!1000,750");
        ImageService uncapped =
                new ImageService("https://i.example/x", 3, 2, 4000, 3001, -1, -1, -1, List.of(), Set.of(), true);
        assertThat(ImageRequest.size(uncapped, 1000))
                .as("no height cap: no box needed")
                .isEqualTo("1000,");
    }

    @Test
    void aServerCapSmallerThanTheLimitIsAskedAsMax() {
        ImageService area =
                new ImageService("https://i.example/x", 3, 2, 4000, 3000, -1, -1, 3_000_000, List.of(), Set.of(), true);
        assertThat(ImageRequest.size(area, 3000)).isEqualTo("max");
        assertThat(ImageRequest.size(area, 1000))
                .as("the user's limit is under the cap")
                .isEqualTo("!1000,750");
    }

    @Test
    void noVersionLevelOrLimitEverAsksForMoreThanTheImage() {
        for (int version = 1; version <= 3; version++) {
            for (int level = 0; level <= 2; level++) {
                for (int limit : new int[] {-1, 1999, 2000, 2001, 10_000}) {
                    String size = ImageRequest.size(service(version, level), limit);
                    assertThat(requestedWidth(size))
                            .as("v%d level%d -w %d: %s", version, level, limit, size)
                            .isLessThanOrEqualTo(2000);
                    if (limit >= 2000 || limit < 0) {
                        assertThat(size).isEqualTo(version >= 3 ? "max" : "full");
                    }
                }
            }
        }
    }

    @Test
    void widthsAreFlooredNeverRoundedUp() {
        ImageService odd =
                new ImageService("https://i.example/x", 2, 2, 1001, 1001, -1, -1, -1, List.of(), Set.of(), true);
        assertThat(ImageRequest.size(odd, 1000)).isEqualTo("1000,");
        ImageService small = new ImageService("https://i.example/x", 2, 2, 3, 3, -1, -1, 1, List.of(), Set.of(), true);
        assertThat(ImageRequest.size(small, -1)).as("a cap under a pixel").isEqualTo("max");
    }

    /** The width a size parameter asks for; the whole image's for full and max. */
    static int requestedWidth(String size) {
        if (size.equals("full") || size.equals("max")) {
            return 2000;
        }
        String s = size.startsWith("!") ? size.substring(1) : size;
        return Integer.parseInt(s.substring(0, s.indexOf(',')));
    }
}
