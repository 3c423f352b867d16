package org.trawl.image.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.plugins.jpeg.JPEGHuffmanTable;
import javax.imageio.plugins.jpeg.JPEGQTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The encoders, read back by ImageIO (an independent decoder) and by our own. */
class EncoderTest {

    static Raster raster(BufferedImage img, int channels) {
        byte[] p = new byte[img.getWidth() * img.getHeight() * channels];
        for (int y = 0, o = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int argb = img.getRGB(x, y);
                switch (channels) {
                    case 1 -> p[o++] = (byte) (argb >> 8);
                    case 2 -> {
                        p[o++] = (byte) (argb >> 8);
                        p[o++] = (byte) (argb >>> 24);
                    }
                    case 3 -> {
                        p[o++] = (byte) (argb >> 16);
                        p[o++] = (byte) (argb >> 8);
                        p[o++] = (byte) argb;
                    }
                    default -> {
                        p[o++] = (byte) (argb >> 16);
                        p[o++] = (byte) (argb >> 8);
                        p[o++] = (byte) argb;
                        p[o++] = (byte) (argb >>> 24);
                    }
                }
            }
        }
        return new Raster(img.getWidth(), img.getHeight(), channels, p);
    }

    @ParameterizedTest(name = "{0}x{1} channels={2} q={3}")
    @CsvSource({"64, 48, 3, 90", "67, 45, 3, 90", "1, 1, 3, 90", "123, 77, 1, 90", "200, 130, 3, 75", "33, 17, 3, 100"})
    void jpegIsReadBackByImageIO(int w, int h, int channels, int quality) throws IOException {
        BufferedImage src = CodecImages.photo(w, h, 7);
        Raster r = raster(src, channels);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new JpegEncoder(quality).encode(r, null, out);

        BufferedImage back = CodecImages.read(out.toByteArray());

        assertThat(back.getWidth()).isEqualTo(w);
        assertThat(back.getHeight()).isEqualTo(h);
        // as faithful as ImageIO's own encoder at the same quality (both 4:2:0)
        BufferedImage same = src;
        if (channels == 1) {
            same = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            same.getRaster().setDataElements(0, 0, w, h, r.pixels());
        }
        byte[] imageio = CodecImages.jpeg(same, quality / 100f, false, "420", 0);
        assertThat(CodecImages.psnr(r, back))
                .isGreaterThan(CodecImages.psnr(r, CodecImages.read(imageio)) - 0.5)
                .isGreaterThan(channels == 1 ? 33 : 22);
        assertThat(CodecImages.psnr(JpegDecoderTest.decode(out.toByteArray()), back))
                .as("our decoder agrees")
                .isGreaterThan(33);
    }

    @Test
    void higherQualityMeansLargerFilesAndLessError() throws IOException {
        Raster r = raster(CodecImages.photo(160, 120, 3), 3);
        ByteArrayOutputStream lo = new ByteArrayOutputStream();
        ByteArrayOutputStream hi = new ByteArrayOutputStream();
        new JpegEncoder(50).encode(r, null, lo);
        new JpegEncoder(95).encode(r, null, hi);
        assertThat(hi.size()).isGreaterThan(lo.size());
        assertThat(CodecImages.psnr(r, CodecImages.read(hi.toByteArray())))
                .isGreaterThan(CodecImages.psnr(r, CodecImages.read(lo.toByteArray())));
    }

    @Test
    void iccProfileIsEmbeddedAndReadBack() throws IOException {
        byte[] icc = new byte[70000]; // over one APP2 segment: two chunks
        Arrays.fill(icc, (byte) 7);
        icc[69999] = 9;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new JpegEncoder(90).encode(raster(CodecImages.photo(8, 8, 1), 3), icc, out);
        JpegDecoder.Header h = new JpegDecoder(new ByteArrayInputStream(out.toByteArray())).readHeader();
        assertThat(h.icc()).isEqualTo(icc);
    }

    @Test
    void standardTablesMatchTheJdk() {
        assertThat(JpegEncoder.AC_LUMA_VALS).isEqualTo(ints(JPEGHuffmanTable.StdACLuminance.getValues()));
        assertThat(JpegEncoder.AC_CHROMA_VALS).isEqualTo(ints(JPEGHuffmanTable.StdACChrominance.getValues()));
        assertThat(JpegEncoder.AC_LUMA_BITS).isEqualTo(ints(JPEGHuffmanTable.StdACLuminance.getLengths()));
        assertThat(JpegEncoder.Q_LUMA).isEqualTo(JPEGQTable.K1Luminance.getTable());
        assertThat(JpegEncoder.Q_CHROMA).isEqualTo(JPEGQTable.K2Chrominance.getTable());
    }

    static int[] ints(short[] s) {
        int[] i = new int[s.length];
        for (int k = 0; k < s.length; k++) {
            i[k] = s[k];
        }
        return i;
    }

    @ParameterizedTest(name = "{0}x{1} channels={2}")
    @CsvSource({"37, 23, 1", "37, 23, 2", "41, 19, 3", "41, 19, 4", "1, 1, 4"})
    void pngIsLosslessAndReadByImageIO(int w, int h, int channels) throws IOException {
        Raster r = raster(CodecImages.photo(w, h, 11, BufferedImage.TYPE_INT_ARGB), channels);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PngEncoder().encode(r, out);

        Raster ours = PngDecoderTest.decode(out.toByteArray());
        BufferedImage back = CodecImages.read(out.toByteArray());

        assertThat(ours).usingRecursiveComparison().isEqualTo(r);
        assertThat(back.getWidth()).isEqualTo(w);
        assertThat(back.getColorModel().getNumComponents()).isEqualTo(channels);
        assertThat(back.getRaster().getSample(w - 1, h - 1, channels - 1))
                .isEqualTo(r.pixels()[r.pixels().length - 1] & 0xFF);
    }
}
