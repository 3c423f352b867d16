package org.trawl.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Composition of a source's own transform with --max-size. */
class ImageTransformTest {
    final Path part = Path.of("x.part");

    @Test
    void sizeAsServedComesFromTheFirstChangeAndFormatFromTheLast() throws Exception {
        List<ImageFormat> seen = new ArrayList<>();
        ImageTransform source = (p, f) -> new ImageTransform.Result(ImageFormat.JPEG, 4000, 3000, 6, true);
        ImageTransform resize = (p, f) -> {
            seen.add(f);
            return new ImageTransform.Result(ImageFormat.JPEG, 3000, 4000, 1, true);
        };

        ImageTransform.Result r = source.andThen(resize).apply(part, ImageFormat.PNG);

        assertThat(seen).as("the second sees the first's output format").containsExactly(ImageFormat.JPEG);
        assertThat(r).isEqualTo(new ImageTransform.Result(ImageFormat.JPEG, 4000, 3000, 6, true));
    }

    @Test
    void anUnchangedStepDefersToTheOther() throws Exception {
        ImageTransform none = (p, f) -> ImageTransform.Result.unchanged(f);
        ImageTransform resize = (p, f) -> new ImageTransform.Result(ImageFormat.PNG, 800, 600, 1, true);
        ImageTransform skip = (p, f) -> ImageTransform.Result.skipped(f, "not resized: gif is not supported");

        assertThat(none.andThen(resize).apply(part, ImageFormat.PNG))
                .isEqualTo(new ImageTransform.Result(ImageFormat.PNG, 800, 600, 1, true));
        assertThat(resize.andThen(none).apply(part, ImageFormat.PNG).sourceWidth())
                .isEqualTo(800);
        assertThat(none.andThen(skip).apply(part, ImageFormat.GIF).note())
                .isEqualTo("not resized: gif is not supported");
        assertThat(resize.andThen(skip).apply(part, ImageFormat.PNG).changed()).isTrue();
        assertThat(none.andThen(null).apply(part, ImageFormat.GIF).changed()).isFalse();
    }
}
