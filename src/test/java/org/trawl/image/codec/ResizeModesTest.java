package org.trawl.image.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.image.ImageFormat;
import org.trawl.image.ImageInfo;
import org.trawl.image.ImageTransform;
import org.trawl.image.OutputFormat;
import org.trawl.image.ResizeMode;
import org.trawl.image.ResizeSpec;

/** --resize-mode, --pad-color, --image-format, --quality and --chroma on files: sizes, pixels, placement. */
class ResizeModesTest {
    @TempDir
    Path tmp;

    Path file(String name, byte[] b) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, b);
        return p;
    }

    static ResizeSpec spec(ResizeMode m, int px) {
        return new ResizeSpec(m, px, 0xFF0000, OutputFormat.KEEP, 90, false);
    }

    static ImageTransform.Result run(Path p, ImageFormat f, ResizeSpec s) throws IOException {
        return new MaxSizeTransform(s).apply(p, f);
    }

    @Test
    void eachModeGivesItsSizeAndPlacement() throws IOException {
        byte[] jpg = CodecImages.jpeg(CodecImages.photo(1200, 800, 3), 0.9f, false, "420", 0);
        int[][] want = { // mode: stored w, h; scaled w, h; offset x, y
            {300, 200, 300, 200, 0, 0}, // longest
            {450, 300, 450, 300, 0, 0}, // shortest
            {300, 300, 450, 300, -75, 0}, // center-crop
            {300, 300, 300, 200, 0, 50}, // pad
        };
        ResizeMode[] modes = {ResizeMode.LONGEST, ResizeMode.SHORTEST, ResizeMode.CENTER_CROP, ResizeMode.PAD};
        for (int i = 0; i < modes.length; i++) {
            Path p = file(modes[i] + ".jpg", jpg);
            ImageTransform.Result r = run(p, ImageFormat.JPEG, spec(modes[i], 300));
            ImageInfo info = ImageInfo.read(p).orElseThrow();
            assertThat(new int[] {
                        info.width(),
                        info.height(),
                        r.placement().scaledWidth(),
                        r.placement().scaledHeight(),
                        r.placement().offsetX(),
                        r.placement().offsetY()
                    })
                    .as(modes[i].cliName())
                    .containsExactly(want[i]);
            assertThat(r.sourceWidth()).isEqualTo(1200);
            assertThat(Codec.decodes(p).ok()).isTrue();
        }
    }

    @Test
    void centerCropIsTheMiddleOfTheShortestSideResizeAndPadSurroundsTheLongestOne() throws IOException {
        byte[] png = CodecImages.encode(CodecImages.photo(900, 500, 5), "png");
        Path shortest = file("s.png", png), crop = file("c.png", png), longest = file("l.png", png);
        Path pad = file("p.png", png);
        run(shortest, ImageFormat.PNG, spec(ResizeMode.SHORTEST, 100));
        ImageTransform.Result c = run(crop, ImageFormat.PNG, spec(ResizeMode.CENTER_CROP, 100));
        run(longest, ImageFormat.PNG, spec(ResizeMode.LONGEST, 100));
        run(pad, ImageFormat.PNG, spec(ResizeMode.PAD, 100));

        BufferedImage s = CodecImages.read(Files.readAllBytes(shortest));
        BufferedImage cc = CodecImages.read(Files.readAllBytes(crop));
        assertThat(s.getWidth()).isEqualTo(180);
        assertThat(c.placement().offsetX()).isEqualTo(-40);
        assertThat(cc.getWidth()).isEqualTo(100);
        assertThat(cc.getHeight()).isEqualTo(100);
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 100; x++) {
                assertThat(cc.getRGB(x, y)).isEqualTo(s.getRGB(x + 40, y));
            }
        }
        // 900x500 -> 100x56 (55.6 rounded) on 100x100 at y 22: red border above and below, the picture between
        BufferedImage l = CodecImages.read(Files.readAllBytes(longest));
        BufferedImage pp = CodecImages.read(Files.readAllBytes(pad));
        assertThat(l.getHeight()).isEqualTo(56);
        assertThat(pp.getWidth()).isEqualTo(100);
        assertThat(pp.getHeight()).isEqualTo(100);
        for (int x = 0; x < 100; x++) {
            assertThat(pp.getRGB(x, 0)).isEqualTo(0xFFFF0000);
            assertThat(pp.getRGB(x, 21)).isEqualTo(0xFFFF0000);
            assertThat(pp.getRGB(x, 22)).isEqualTo(l.getRGB(x, 0));
            assertThat(pp.getRGB(x, 77)).isEqualTo(l.getRGB(x, 55));
            assertThat(pp.getRGB(x, 78)).isEqualTo(0xFFFF0000);
            assertThat(pp.getRGB(x, 99)).isEqualTo(0xFFFF0000);
        }
    }

    @Test
    void cropFollowsTheExifOrientation() throws IOException {
        byte[] jpg = MaxSizeTransformTest.withExif(
                CodecImages.jpeg(CodecImages.photo(1200, 800, 4), 0.9f, false, "420", 0), 6, false);
        Path p = file("o.jpg", jpg);

        ImageTransform.Result r = run(p, ImageFormat.JPEG, spec(ResizeMode.CENTER_CROP, 300));

        // upright 800x1200 -> 300x450, the middle 300 rows kept
        assertThat(r.orientation()).isEqualTo(6);
        assertThat(r.placement().scaledWidth()).isEqualTo(300);
        assertThat(r.placement().scaledHeight()).isEqualTo(450);
        assertThat(r.placement().offsetY()).isEqualTo(-75);
        assertThat(r.placement().operation())
                .isEqualTo("center-crop 300: 1200x800 exif 6 -> 300x450; crop 300x300; q90 4:2:0");
    }

    @Test
    void neverEnlarges() throws IOException {
        byte[] png = CodecImages.encode(CodecImages.photo(200, 100, 2), "png");
        Path crop = file("c.png", png), pad = file("p.png", png), shortest = file("s.png", png);

        assertThat(run(crop, ImageFormat.PNG, spec(ResizeMode.CENTER_CROP, 300)).changed())
                .as("already within: kept as served")
                .isFalse();
        assertThat(run(shortest, ImageFormat.PNG, spec(ResizeMode.SHORTEST, 150))
                        .changed())
                .isFalse();
        assertThat(Files.readAllBytes(crop)).isEqualTo(png);
        ImageTransform.Result r = run(pad, ImageFormat.PNG, spec(ResizeMode.PAD, 300));
        ImageInfo info = ImageInfo.read(pad).orElseThrow();
        assertThat(info.width()).isEqualTo(300);
        assertThat(info.height()).isEqualTo(300);
        assertThat(r.placement().scaledWidth()).isEqualTo(200);
        assertThat(r.placement().offsetX()).isEqualTo(50);
        assertThat(r.placement().offsetY()).isEqualTo(100);
    }

    @Test
    void jpgFlattensAlphaOntoWhiteAndPngKeepsIt() throws IOException {
        BufferedImage src = new BufferedImage(64, 64, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                src.setRGB(x, y, x < 32 ? 0x00000000 : 0xFF2040C0); // left half transparent black
            }
        }
        Path p = file("a.png", CodecImages.encode(src, "png"));

        ImageTransform.Result r =
                run(p, ImageFormat.PNG, new ResizeSpec(ResizeMode.NONE, 0, 0, OutputFormat.JPG, 95, true));

        assertThat(r.changed()).isTrue();
        assertThat(r.format()).isEqualTo(ImageFormat.JPEG);
        assertThat(r.placement().operation()).isEqualTo("none: 64x64 -> 64x64; png to jpg; q95 4:4:4");
        BufferedImage got = CodecImages.read(Files.readAllBytes(p));
        int white = got.getRGB(8, 8), blue = got.getRGB(48, 8);
        assertThat(Math.min(Math.min((white >> 16) & 0xFF, (white >> 8) & 0xFF), white & 0xFF))
                .isGreaterThan(250);
        assertThat((blue & 0xFF) - ((blue >> 16) & 0xFF)).isGreaterThan(120);
    }

    /** Thin coloured lines on white: 4:2:0 halves their colour, 4:4:4 keeps it. */
    @Test
    void chroma444KeepsThinColouredLinesAndSaysSoInItsHeader() throws IOException {
        BufferedImage src = new BufferedImage(128, 128, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 128; y++) {
            for (int x = 0; x < 128; x++) {
                src.setRGB(x, y, x % 4 == 0 ? 0xFF0000 : (x % 4 == 2 ? 0x0000FF : 0xFFFFFF));
            }
        }
        ByteArrayOutputStream a = new ByteArrayOutputStream(), b = new ByteArrayOutputStream();
        new JpegEncoder(95, false).encode(EncoderTest.raster(src, 3), null, a);
        new JpegEncoder(95, true).encode(EncoderTest.raster(src, 3), null, b);

        assertThat(samplingOfFirstComponent(a.toByteArray())).isEqualTo(0x22);
        assertThat(samplingOfFirstComponent(b.toByteArray())).isEqualTo(0x11);
        double p420 = CodecImages.psnr(EncoderTest.raster(CodecImages.read(a.toByteArray()), 3), src);
        double p444 = CodecImages.psnr(EncoderTest.raster(CodecImages.read(b.toByteArray()), 3), src);
        assertThat(p444).as("4:4:4 %.1f dB vs 4:2:0 %.1f dB", p444, p420).isGreaterThan(p420 + 6);
        assertThat(p444).isGreaterThan(30);
    }

    @Test
    void lowerQualityWritesFewerBytes() throws IOException {
        byte[] jpg = CodecImages.jpeg(CodecImages.photo(800, 600, 7), 0.95f, false, "420", 0);
        Path lo = file("lo.jpg", jpg), hi = file("hi.jpg", jpg);
        run(lo, ImageFormat.JPEG, new ResizeSpec(ResizeMode.LONGEST, 400, 0, OutputFormat.KEEP, 50, false));
        run(hi, ImageFormat.JPEG, new ResizeSpec(ResizeMode.LONGEST, 400, 0, OutputFormat.KEEP, 95, false));
        assertThat(Files.size(lo)).isLessThan(Files.size(hi) * 2 / 3);
    }

    /** The Y component's sampling byte in SOF0. */
    static int samplingOfFirstComponent(byte[] jpeg) {
        for (int i = 2; i + 1 < jpeg.length; ) {
            int marker = jpeg[i + 1] & 0xFF;
            int len = ((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF);
            if (marker == 0xC0) {
                return jpeg[i + 4 + 7] & 0xFF;
            }
            i += 2 + len;
        }
        throw new AssertionError("no SOF0");
    }
}
