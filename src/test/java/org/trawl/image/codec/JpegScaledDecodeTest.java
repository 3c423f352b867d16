package org.trawl.image.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Decoding at 1/2 and 1/4: each pixel is the mean of its square of the full decode. */
class JpegScaledDecodeTest {

    @ParameterizedTest(name = "1/{3} {0}x{1} {2} progressive={4}")
    @CsvSource({
        "160, 96, 420, 2, false, 38",
        "160, 96, 420, 4, false, 38",
        "163, 99, 444, 2, true, 38",
        "163, 99, 444, 4, true, 38",
        // 4:2:2 chroma is half width only, so it cannot keep a square DCT scale of its own: it is
        // replicated sideways, which costs it against the reference (a known gap, see the decoder)
        "80, 64, 422, 4, false, 29",
        "120, 90, gray, 2, false, 50",
    })
    void scaledPixelsAreTheSquareMeansOfTheFullDecode(
            int w, int h, String sampling, int denom, boolean progressive, int minPsnr) throws IOException {
        BufferedImage src = CodecImages.photo(w, h, 9);
        if (sampling.equals("gray")) {
            BufferedImage g = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            g.getGraphics().drawImage(src, 0, 0, null);
            src = g;
            sampling = "420";
        }
        byte[] jpg = CodecImages.jpeg(src, 0.9f, progressive, sampling, 0);
        Raster full = JpegDecoderTest.decode(jpg);
        Raster.Collector c = new Raster.Collector();

        new JpegDecoder(new ByteArrayInputStream(jpg)).decode(c, denom);

        Raster r = c.raster();
        assertThat(r.width()).isEqualTo((w + denom - 1) / denom);
        assertThat(r.height()).isEqualTo((h + denom - 1) / denom);
        assertThat(r.channels()).isEqualTo(full.channels());
        int ch = full.channels();
        double se = 0;
        int n = 0;
        // whole squares only: the edge squares also average the encoder's padding beyond the image
        for (int y = 0; y < h / denom; y++) {
            for (int x = 0; x < w / denom; x++) {
                for (int k = 0; k < ch; k++) {
                    long sum = 0;
                    for (int yy = y * denom; yy < y * denom + denom; yy++) {
                        for (int xx = x * denom; xx < x * denom + denom; xx++) {
                            sum += full.pixels()[(yy * w + xx) * ch + k] & 0xFF;
                        }
                    }
                    double mean = (double) sum / (denom * denom);
                    double d = mean - (r.pixels()[(y * r.width() + x) * ch + k] & 0xFF);
                    se += d * d;
                    n++;
                }
            }
        }
        double psnr = 10 * Math.log10(255 * 255 / (se / n));
        // luma is exact to rounding; chroma differs by where the upsampling is done (before or after the mean)
        assertThat(psnr).as("PSNR vs the area average of the full decode").isGreaterThan(minPsnr);
    }
}
