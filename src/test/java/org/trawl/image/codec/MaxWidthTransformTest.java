package org.trawl.image.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.trawl.image.ImageFormat;
import org.trawl.image.ImageInfo;
import org.trawl.image.ImageTransform;

/** trawl iiif -w on an image without a service: exact widths, upright width, never upscaled. */
class MaxWidthTransformTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}x{1} to {2} wide")
    @CsvSource({"1200,800,300,200", "1001,3001,333,1000", "997,13,100,1", "640,4000,639,3994", "3000,1000,1,1"})
    void theResultIsExactlyTheWidthAskedWithTheAspectRatioKept(int w, int h, int max, int wantH) throws IOException {
        Path p = tmp.resolve("a.png");
        Files.write(p, CodecImages.encode(CodecImages.photo(w, h, 5), "png"));

        ImageTransform.Result r = new MaxWidthTransform(max).apply(p, ImageFormat.PNG);

        assertThat(r.changed()).isTrue();
        assertThat(r.sourceWidth()).isEqualTo(w);
        ImageInfo info = ImageInfo.read(p).orElseThrow();
        assertThat(info.width()).isEqualTo(max);
        assertThat(info.height()).isBetween(wantH - 1, wantH + 1);
    }

    @Test
    void anImageWithinTheWidthIsLeftByteForByteEvenWhenItsLongestSideIsLarger() throws IOException {
        byte[] tall = CodecImages.encode(CodecImages.photo(300, 2000, 6), "png");
        Path p = tmp.resolve("tall.png");
        Files.write(p, tall);

        ImageTransform.Result r = new MaxWidthTransform(300).apply(p, ImageFormat.PNG);

        assertThat(r.changed()).isFalse();
        assertThat(Files.readAllBytes(p)).isEqualTo(tall);
    }

    @Test
    void theUprightWidthCountsForARotatedJpeg() throws IOException {
        // stored 400x1200 with orientation 6: shown 1200 wide, so it is reduced to 600 wide, 200 high
        BufferedImage src = CodecImages.photo(400, 1200, 7);
        Path p = tmp.resolve("r.jpg");
        Files.write(p, MaxSizeTransformTest.withExif(CodecImages.jpeg(src, 0.9f, false, "420", 0), 6, false));

        ImageTransform.Result r = new MaxWidthTransform(600).apply(p, ImageFormat.JPEG);

        assertThat(r.changed()).isTrue();
        ImageInfo info = ImageInfo.read(p).orElseThrow();
        assertThat(info.width()).isEqualTo(600);
        assertThat(info.height()).isEqualTo(200);
    }

    @Test
    void aCorruptImageIsKeptAsServedWithANote() throws IOException {
        Path p = tmp.resolve("bad.jpg");
        byte[] junk = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x01, 0x02};
        Files.write(p, junk);

        ImageTransform.Result r = new MaxWidthTransform(100).apply(p, ImageFormat.JPEG);

        assertThat(r.changed()).isFalse();
        assertThat(r.note()).startsWith("not resized");
        assertThat(Files.readAllBytes(p)).isEqualTo(junk);
    }
}
