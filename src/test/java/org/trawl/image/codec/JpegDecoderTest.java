package org.trawl.image.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The JPEG decoder against ImageIO's own decoding of the same files. */
class JpegDecoderTest {

    static Raster decode(byte[] b) throws IOException {
        Raster.Collector c = new Raster.Collector();
        new JpegDecoder(new ByteArrayInputStream(b)).decode(c);
        return c.raster();
    }

    @ParameterizedTest(name = "{0}x{1} {2} progressive={3} restart={4} gray={5}")
    @CsvSource({
        "64, 48, 420, false, 0, false",
        "67, 45, 420, false, 0, false",
        "123, 77, 444, false, 0, false",
        "99, 101, 422, false, 0, false",
        "130, 97, 420, false, 3, false",
        "130, 97, 444, false, 7, false",
        "61, 83, 420, false, 0, true",
        "61, 83, 420, false, 5, true",
        "200, 150, 420, true, 0, false",
        "201, 149, 444, true, 0, false",
        "97, 131, 422, true, 0, false",
        "150, 100, 420, true, 4, false",
        "75, 45, 420, true, 0, true",
        "1, 1, 420, false, 0, false",
        "1, 1, 420, true, 0, false",
        "17, 1, 444, true, 0, false",
    })
    void decodesLikeImageIO(int w, int h, String sampling, boolean progressive, int restart, boolean gray)
            throws IOException {
        BufferedImage src = CodecImages.photo(w, h, w * 31L + h);
        if (gray) {
            BufferedImage g = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            g.getGraphics().drawImage(src, 0, 0, null);
            src = g;
        }
        byte[] jpg = CodecImages.jpeg(src, 0.9f, progressive, sampling, restart);
        BufferedImage ref = CodecImages.read(jpg);

        Raster r = decode(jpg);

        assertThat(r.channels()).isEqualTo(gray ? 1 : 3);
        assertThat(CodecImages.psnr(r, ref)).as("PSNR vs ImageIO").isGreaterThan(gray ? 40 : 35);
        // and close to the original picture too
        assertThat(CodecImages.psnr(r, src)).isGreaterThan(gray ? 30 : 25);
    }

    @ParameterizedTest(name = "1/8 scale {0}x{1} {2} progressive={3}")
    @CsvSource({"160, 96, 420, false", "163, 99, 444, true", "80, 64, 422, false"})
    void eighthScaleIsTheBlockMeans(int w, int h, String sampling, boolean progressive) throws IOException {
        BufferedImage src = CodecImages.photo(w, h, 5);
        byte[] jpg = CodecImages.jpeg(src, 0.9f, progressive, sampling, 0);
        Raster full = decode(jpg);
        Raster.Collector c = new Raster.Collector();

        new JpegDecoder(new ByteArrayInputStream(jpg)).decode(c, 8);

        Raster r = c.raster();
        assertThat(r.width()).isEqualTo((w + 7) / 8);
        assertThat(r.height()).isEqualTo((h + 7) / 8);
        // each pixel is the mean of its 8x8 block of the full decode (the last partial block averaged over what exists)
        BufferedImage means = new BufferedImage(r.width(), r.height(), BufferedImage.TYPE_INT_RGB);
        for (int by = 0; by < r.height(); by++) {
            for (int bx = 0; bx < r.width(); bx++) {
                long[] sum = new long[3];
                int n = 0;
                for (int y = by * 8; y < Math.min(h, by * 8 + 8); y++) {
                    for (int x = bx * 8; x < Math.min(w, bx * 8 + 8); x++, n++) {
                        for (int k = 0; k < 3; k++) {
                            sum[k] += full.pixels()[(y * w + x) * 3 + k] & 0xFF;
                        }
                    }
                }
                means.setRGB(bx, by, (int) (sum[0] / n) << 16 | (int) (sum[1] / n) << 8 | (int) (sum[2] / n));
            }
        }
        // luma is exact (its DC is its block's mean); subsampled chroma is the mean of a 16-pixel block, so compare
        // luma
        double se = 0;
        for (int i = 0; i < r.width() * r.height(); i++) {
            int m = means.getRGB(i % r.width(), i / r.width());
            double want = 0.299 * (m >> 16 & 0xFF) + 0.587 * (m >> 8 & 0xFF) + 0.114 * (m & 0xFF);
            double got = 0.299 * (r.pixels()[i * 3] & 0xFF)
                    + 0.587 * (r.pixels()[i * 3 + 1] & 0xFF)
                    + 0.114 * (r.pixels()[i * 3 + 2] & 0xFF);
            se += (want - got) * (want - got);
        }
        assertThat(10 * Math.log10(255 * 255 / (se / (r.width() * r.height())))).isGreaterThan(38);
    }

    @Test
    void realPhotosFromTheDemoSetDecodeLikeImageIO() throws IOException {
        for (String species : new String[] {"aurelia-aurita", "bathochordaeus", "sebastes"}) {
            for (int i = 1; i <= 8; i++) {
                String name = "/demo/images/" + species + "-" + i + ".jpg";
                byte[] jpg;
                try (var in = JpegDecoderTest.class.getResourceAsStream(name)) {
                    jpg = in.readAllBytes();
                }
                assertThat(CodecImages.psnr(decode(jpg), CodecImages.read(jpg)))
                        .as(name)
                        .isGreaterThan(35);
            }
        }
    }

    @Test
    void headerReportsSizeAndProgressive() throws IOException {
        byte[] jpg = CodecImages.jpeg(CodecImages.photo(40, 30, 1), 0.8f, true, "420", 0);
        JpegDecoder.Header h = new JpegDecoder(new ByteArrayInputStream(jpg)).readHeader();
        assertThat(h.width()).isEqualTo(40);
        assertThat(h.height()).isEqualTo(30);
        assertThat(h.progressive()).isTrue();
        assertThat(h.orientation()).isEqualTo(1);
    }

    @Test
    void truncatedDataFailsCleanly() throws IOException {
        for (boolean progressive : new boolean[] {false, true}) {
            byte[] jpg = CodecImages.jpeg(CodecImages.photo(120, 90, 2), 0.9f, progressive, "420", 0);
            for (int cut : new int[] {2, 10, jpg.length / 3, jpg.length / 2, jpg.length - 2}) {
                byte[] t = java.util.Arrays.copyOf(jpg, cut);
                assertThatThrownBy(() -> decode(t)).as("cut at " + cut).isInstanceOf(DecodeException.class);
            }
        }
    }
}
