package org.trawl.image.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Image;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** Area-averaging downscale, compared with AWT's own area-averaging filter. */
class DownscalerTest {

    static Raster scale(Raster r, int w, int h) {
        Downscaler d = new Downscaler(w, h);
        try {
            d.begin(r.width(), r.height(), r.channels());
        } catch (DecodeException e) {
            throw new AssertionError(e);
        }
        int n = r.width() * r.channels();
        byte[] row = new byte[n];
        for (int y = 0; y < r.height(); y++) {
            System.arraycopy(r.pixels(), y * n, row, 0, n);
            d.row(row, y);
        }
        return d.raster();
    }

    @Test
    void fitKeepsAspectAndNeverUpscales() {
        assertThat(Downscaler.fit(4000, 3000, 512)).containsExactly(512, 384);
        assertThat(Downscaler.fit(3000, 4000, 512)).containsExactly(384, 512);
        assertThat(Downscaler.fit(10000, 5, 512)).containsExactly(512, 1);
        assertThat(Downscaler.fit(300, 200, 512)).containsExactly(300, 200);
        assertThat(Downscaler.fit(512, 100, 512)).containsExactly(512, 100);
    }

    @Test
    void matchesAwtAreaAveraging() {
        for (int[] c : new int[][] {{400, 300, 100, 75}, {401, 299, 128, 95}, {300, 200, 217, 144}, {97, 31, 13, 4}}) {
            BufferedImage src = CodecImages.photo(c[0], c[1], 5);
            Raster r = EncoderTest.raster(src, 3);

            Raster ours = scale(r, c[2], c[3]);

            Image awt = src.getScaledInstance(c[2], c[3], Image.SCALE_AREA_AVERAGING);
            BufferedImage ref = new BufferedImage(c[2], c[3], BufferedImage.TYPE_INT_RGB);
            ref.getGraphics().drawImage(awt, 0, 0, null);
            assertThat(CodecImages.psnr(ours, ref))
                    .as("%dx%d -> %dx%d", c[0], c[1], c[2], c[3])
                    .isGreaterThan(40);
        }
    }

    @Test
    void uniformImageStaysUniformAndTransparentPixelsDoNotDarken() {
        byte[] p = new byte[10 * 10 * 4];
        for (int i = 0; i < 100; i++) {
            boolean opaque = i % 10 < 5;
            p[i * 4] = (byte) 200;
            p[i * 4 + 1] = (byte) 100;
            p[i * 4 + 2] = (byte) 50;
            p[i * 4 + 3] = (byte) (opaque ? 255 : 0);
            if (!opaque) {
                p[i * 4] = p[i * 4 + 1] = p[i * 4 + 2] = 0; // black but invisible
            }
        }
        Raster out = scale(new Raster(10, 10, 4, p), 3, 3);
        for (int i = 0; i < 9; i++) {
            if ((out.pixels()[i * 4 + 3] & 0xFF) > 0) {
                assertThat(out.pixels()[i * 4] & 0xFF).isEqualTo(200);
                assertThat(out.pixels()[i * 4 + 1] & 0xFF).isEqualTo(100);
            }
        }
        assertThat(out.pixels()[4 * 4 + 3] & 0xFF)
                .as("the middle pixel is half covered")
                .isBetween(120, 135);
    }
}
