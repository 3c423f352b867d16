package org.trawl.image.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.trawl.image.ImageFormat;
import org.trawl.image.ImageInfo;
import org.trawl.image.ImageTransform;

/** The --max-size transform on files: sizes, orientation 1-8 in both byte orders, formats left alone, corrupt input. */
class MaxSizeTransformTest {
    @TempDir
    Path tmp;

    Path file(String name, byte[] b) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, b);
        return p;
    }

    /** An APP1 Exif segment holding only the orientation tag, written in the given byte order. */
    static byte[] exifApp1(int orientation, boolean littleEndian) {
        byte[] tiff = new byte[26];
        tiff[0] = tiff[1] = (byte) (littleEndian ? 'I' : 'M');
        put16(tiff, 2, 42, littleEndian);
        put32(tiff, 4, 8, littleEndian);
        put16(tiff, 8, 1, littleEndian); // one entry
        put16(tiff, 10, 0x0112, littleEndian);
        put16(tiff, 12, 3, littleEndian); // SHORT
        put32(tiff, 14, 1, littleEndian);
        put16(tiff, 18, orientation, littleEndian);
        // next IFD offset 0 (bytes 22..25)
        int len = 2 + 6 + tiff.length;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(0xFF);
        o.write(0xE1);
        o.write(len >> 8);
        o.write(len & 0xFF);
        o.writeBytes("Exif\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        o.writeBytes(tiff);
        return o.toByteArray();
    }

    static byte[] withExif(byte[] jpeg, int orientation, boolean le) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(jpeg, 0, 2);
        o.writeBytes(exifApp1(orientation, le));
        o.write(jpeg, 2, jpeg.length - 2);
        return o.toByteArray();
    }

    private static void put16(byte[] b, int o, int v, boolean le) {
        b[o] = (byte) (le ? v : v >> 8);
        b[o + 1] = (byte) (le ? v >> 8 : v);
    }

    private static void put32(byte[] b, int o, int v, boolean le) {
        if (le) {
            put16(b, o, v, true);
            put16(b, o + 2, v >>> 16, true);
        } else {
            put16(b, o, v >>> 16, false);
            put16(b, o + 2, v, false);
        }
    }

    /**
     * What a viewer shows for a stored image with this orientation, built from the EXIF definition
     * (where the stored 0th row and 0th column end up), independently of {@link Orientation}.
     */
    static BufferedImage upright(BufferedImage stored, int orientation) {
        String[] rowSide = {null, "top", "top", "bottom", "bottom", "left", "right", "right", "left"};
        String[] colSide = {null, "left", "right", "right", "left", "top", "top", "bottom", "bottom"};
        int w = stored.getWidth();
        int h = stored.getHeight();
        boolean swap = orientation >= 5;
        int vw = swap ? h : w;
        int vh = swap ? w : h;
        BufferedImage v = new BufferedImage(vw, vh, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int vx;
                int vy;
                if (!swap) {
                    vy = rowSide[orientation].equals("top") ? y : vh - 1 - y;
                    vx = colSide[orientation].equals("left") ? x : vw - 1 - x;
                } else {
                    vx = rowSide[orientation].equals("left") ? y : vw - 1 - y;
                    vy = colSide[orientation].equals("top") ? x : vh - 1 - x;
                }
                v.setRGB(vx, vy, stored.getRGB(x, y));
            }
        }
        return v;
    }

    @ParameterizedTest(name = "orientation {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void exifOrientationIsAppliedToThePixelsInBothByteOrders(int orientation) throws IOException {
        for (boolean le : new boolean[] {true, false}) {
            BufferedImage src = CodecImages.photo(64, 40, 9);
            byte[] plain = CodecImages.jpeg(src, 0.95f, false, "444", 0);
            BufferedImage stored = CodecImages.read(plain);
            Path p = file("o" + orientation + le + ".jpg", withExif(plain, orientation, le));

            ImageTransform.Result r = MaxSizeTransform.orientOnly().apply(p, ImageFormat.JPEG);

            assertThat(r.changed()).isEqualTo(orientation != 1);
            if (orientation == 1) {
                assertThat(Files.readAllBytes(p)).isEqualTo(withExif(plain, 1, le));
                continue;
            }
            assertThat(r.orientation()).isEqualTo(orientation);
            assertThat(r.sourceWidth()).isEqualTo(64);
            assertThat(r.sourceHeight()).isEqualTo(40);
            BufferedImage want = upright(stored, orientation);
            BufferedImage got = CodecImages.read(Files.readAllBytes(p));
            assertThat(got.getWidth()).isEqualTo(want.getWidth());
            assertThat(CodecImages.psnr(EncoderTest.raster(got, 3), want)).isGreaterThan(26); // re-encoded at 4:2:0
            // and the wrong way up would not pass
            if (orientation != 1) {
                assertThat(CodecImages.psnr(
                                EncoderTest.raster(got, 3),
                                want.getWidth() == 64
                                        ? CodecImages.read(plain)
                                        : upright(stored, orientation == 6 ? 8 : 6)))
                        .isLessThan(20);
            }
            assertThat(new JpegDecoder(Files.newInputStream(p)).readHeader().orientation())
                    .as("no tag left")
                    .isEqualTo(1);
        }
    }

    @Test
    void jpegIsDownscaledToTheLongestSideAndRotatedAfter() throws IOException {
        BufferedImage src = CodecImages.photo(1200, 800, 4);
        Path p = file("big.jpg", withExif(CodecImages.jpeg(src, 0.9f, true, "420", 0), 6, false));

        ImageTransform.Result r = new MaxSizeTransform(300).apply(p, ImageFormat.JPEG);

        assertThat(r.changed()).isTrue();
        assertThat(r.format()).isEqualTo(ImageFormat.JPEG);
        assertThat(r.sourceWidth()).isEqualTo(1200);
        assertThat(r.sourceHeight()).isEqualTo(800);
        ImageInfo info = ImageInfo.read(p).orElseThrow();
        assertThat(info.width()).isEqualTo(200);
        assertThat(info.height()).isEqualTo(300);
        assertThat(Codec.decodes(p).ok()).isTrue();
    }

    @Test
    void largeFactorsUseEighthScaleDecodingAndStillMatchAnAreaAverage() throws IOException {
        BufferedImage src = CodecImages.photo(1600, 1200, 6);
        byte[] jpg = CodecImages.jpeg(src, 0.9f, false, "420", 0);
        Path p = file("huge.jpg", jpg);

        assertThat(new MaxSizeTransform(160).apply(p, ImageFormat.JPEG).changed())
                .isTrue();

        BufferedImage got = CodecImages.read(Files.readAllBytes(p));
        assertThat(got.getWidth()).isEqualTo(160);
        assertThat(got.getHeight()).isEqualTo(120);
        java.awt.Image awt = CodecImages.read(jpg).getScaledInstance(160, 120, java.awt.Image.SCALE_AREA_AVERAGING);
        BufferedImage ref = new BufferedImage(160, 120, BufferedImage.TYPE_INT_RGB);
        ref.getGraphics().drawImage(awt, 0, 0, null);
        assertThat(CodecImages.psnr(EncoderTest.raster(got, 3), ref)).isGreaterThan(30);
    }

    @Test
    void pngStaysPngKeepsAlphaAndShrinks() throws IOException {
        BufferedImage src = CodecImages.photo(500, 260, 4, BufferedImage.TYPE_INT_ARGB);
        Path p = file("a.png", CodecImages.encode(src, "png"));

        ImageTransform.Result r = new MaxSizeTransform(100).apply(p, ImageFormat.PNG);

        assertThat(r.changed()).isTrue();
        assertThat(r.format()).isEqualTo(ImageFormat.PNG);
        BufferedImage got = CodecImages.read(Files.readAllBytes(p));
        assertThat(got.getWidth()).isEqualTo(100);
        assertThat(got.getHeight()).isEqualTo(52);
        assertThat(got.getColorModel().hasAlpha()).isTrue();
    }

    @Test
    void imageWithinTheLimitAndUprightIsLeftByteIdentical() throws IOException {
        byte[] jpg = CodecImages.jpeg(CodecImages.photo(300, 200, 1), 0.9f, false, "420", 0);
        byte[] png = CodecImages.encode(CodecImages.photo(300, 200, 1), "png");
        Path a = file("a.jpg", jpg);
        Path b = file("b.png", png);
        Path c = file("c.jpg", jpg);

        assertThat(new MaxSizeTransform(300).apply(a, ImageFormat.JPEG).changed())
                .isFalse();
        assertThat(new MaxSizeTransform(1000).apply(b, ImageFormat.PNG).changed())
                .isFalse();
        assertThat(new MaxSizeTransform(299).apply(c, ImageFormat.JPEG).changed())
                .isTrue();
        assertThat(Files.readAllBytes(a)).isEqualTo(jpg);
        assertThat(Files.readAllBytes(b)).isEqualTo(png);
        try (var s = Files.list(tmp)) {
            assertThat(s.map(x -> x.getFileName().toString())).containsExactlyInAnyOrder("a.jpg", "b.png", "c.jpg");
        }
    }

    @Test
    void otherFormatsAndUndecodableImagesAreLeftAsServedWithAReason() throws IOException {
        byte[] gif = CodecImages.encode(CodecImages.photo(900, 900, 1), "gif");
        Path g = file("a.gif", gif);
        ImageTransform.Result r = new MaxSizeTransform(100).apply(g, ImageFormat.GIF);
        assertThat(r.changed()).isFalse();
        assertThat(r.note()).isEqualTo("not resized: gif is not supported");
        assertThat(Files.readAllBytes(g)).isEqualTo(gif);

        byte[] jpg = CodecImages.jpeg(CodecImages.photo(900, 600, 1), 0.9f, false, "420", 0);
        byte[] cut = Arrays.copyOf(jpg, jpg.length / 2);
        Path t = file("cut.jpg", cut);
        ImageTransform.Result tr = new MaxSizeTransform(100).apply(t, ImageFormat.JPEG);
        assertThat(tr.changed()).isFalse();
        assertThat(tr.note()).startsWith("not resized: truncated");
        assertThat(Files.readAllBytes(t)).isEqualTo(cut);
        assertThat(Codec.decodes(t).ok()).isFalse();

        // CMYK (Adobe): reported as unsupported, not as corrupt
        byte[] cmyk = jpg.clone();
        int sof = indexOf(cmyk, (byte) 0xFF, (byte) 0xC0);
        cmyk[sof + 9] = 4; // component count: the frame header no longer parses as 3 components
        Codec.Check ch = Codec.decodes(file("cmyk.jpg", cmyk));
        assertThat(ch.ok()).isFalse();
    }

    static int indexOf(byte[] b, byte x, byte y) {
        for (int i = 0; i + 1 < b.length; i++) {
            if (b[i] == x && b[i + 1] == y) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void lyingHeaderIsRefusedWithoutAllocating() throws IOException {
        byte[] jpg = CodecImages.jpeg(CodecImages.photo(64, 64, 1), 0.9f, true, "420", 0);
        int sof = indexOf(jpg, (byte) 0xFF, (byte) 0xC2);
        jpg[sof + 5] = jpg[sof + 6] = jpg[sof + 7] = jpg[sof + 8] = (byte) 0xFF; // 65535 x 65535
        Path p = file("huge.jpg", jpg);
        ImageTransform.Result r = new MaxSizeTransform(100).apply(p, ImageFormat.JPEG);
        assertThat(r.changed()).isFalse();
        assertThat(r.note()).contains("too large");
    }

    @Test
    void randomGarbageAfterAValidHeaderNeverHangsOrEscapes() throws IOException {
        java.util.Random rnd = new java.util.Random(42);
        byte[] base = CodecImages.jpeg(CodecImages.photo(96, 64, 3), 0.9f, true, "420", 2);
        byte[] pbase = CodecImages.encode(CodecImages.photo(96, 64, 3), "png");
        for (int i = 0; i < 200; i++) {
            byte[] b = (i % 2 == 0 ? base : pbase).clone();
            for (int k = 0; k < 1 + rnd.nextInt(20); k++) {
                b[20 + rnd.nextInt(b.length - 20)] = (byte) rnd.nextInt(256);
            }
            Path p = file("fuzz" + i, b);
            Codec.decodes(p); // must return, whatever it says
            new MaxSizeTransform(32).apply(p, i % 2 == 0 ? ImageFormat.JPEG : ImageFormat.PNG);
        }
    }

    @Test
    void pngExifOrientationIsAppliedExactly() throws IOException {
        BufferedImage src = CodecImages.photo(30, 20, 2);
        byte[] png = CodecImages.encode(src, "png");
        byte[] app1 = exifApp1(8, true);
        byte[] tiff = Arrays.copyOfRange(app1, 10, app1.length);
        Path p = file("o.png", PngDecoderTest.withChunk(png, "eXIf", tiff));

        ImageTransform.Result r = MaxSizeTransform.orientOnly().apply(p, ImageFormat.PNG);

        assertThat(r.orientation()).isEqualTo(8);
        BufferedImage got = CodecImages.read(Files.readAllBytes(p));
        BufferedImage want = upright(src, 8);
        assertThat(CodecImages.psnr(EncoderTest.raster(got, 3), want)).isEqualTo(99.0);
    }
}
