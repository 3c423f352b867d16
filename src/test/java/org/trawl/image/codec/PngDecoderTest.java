package org.trawl.image.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The PNG decoder against ImageIO-written files of every colour type and bit depth, plain and interlaced. */
class PngDecoderTest {

    static Raster decode(byte[] b) throws IOException {
        Raster.Collector c = new Raster.Collector();
        new PngDecoder(new ByteArrayInputStream(b)).decode(c);
        return c.raster();
    }

    /** An image of the given BufferedImage type with varied content (indexed types get a 2^bits palette). */
    static BufferedImage image(String kind, int w, int h) {
        BufferedImage photo = CodecImages.photo(w, h, w + h, BufferedImage.TYPE_INT_ARGB);
        BufferedImage img = switch (kind) {
            case "rgb8" -> new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
            case "rgba8" -> new BufferedImage(w, h, BufferedImage.TYPE_4BYTE_ABGR);
            case "gray8" -> new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            case "gray16" -> new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
            case "rgb16" -> rgb16(w, h);
            case "pal1", "pal2", "pal4", "pal8", "pal8a" -> indexed(w, h, kind);
            default -> throw new IllegalArgumentException(kind);
        };
        java.awt.Graphics2D g = img.createGraphics();
        g.drawImage(photo, 0, 0, null);
        g.dispose();
        return img;
    }

    static BufferedImage rgb16(int w, int h) {
        java.awt.color.ColorSpace cs = java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_sRGB);
        java.awt.image.ComponentColorModel cm = new java.awt.image.ComponentColorModel(
                cs, false, false, java.awt.Transparency.OPAQUE, java.awt.image.DataBuffer.TYPE_USHORT);
        return new BufferedImage(cm, cm.createCompatibleWritableRaster(w, h), false, null);
    }

    static BufferedImage indexed(int w, int h, String kind) {
        int bits = kind.equals("pal8a") ? 8 : Integer.parseInt(kind.substring(3));
        int n = 1 << bits;
        byte[] r = new byte[n], g = new byte[n], b = new byte[n], a = new byte[n];
        for (int i = 0; i < n; i++) {
            r[i] = (byte) (i * 255 / (n - 1));
            g[i] = (byte) (255 - i * 255 / (n - 1));
            b[i] = (byte) (i * 37);
            a[i] = (byte) (i % 3 == 0 ? 80 : 255);
        }
        IndexColorModel cm =
                kind.equals("pal8a") ? new IndexColorModel(bits, n, r, g, b, a) : new IndexColorModel(bits, n, r, g, b);
        return bits < 8
                ? new BufferedImage(w, h, BufferedImage.TYPE_BYTE_BINARY, cm)
                : new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, cm);
    }

    static byte[] png(BufferedImage img, boolean interlaced) throws IOException {
        ImageWriter w = ImageIO.getImageWritersByFormatName("png").next();
        ImageWriteParam p = w.getDefaultWriteParam();
        p.setProgressiveMode(interlaced ? ImageWriteParam.MODE_DEFAULT : ImageWriteParam.MODE_DISABLED);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            w.setOutput(ios);
            w.write(null, new IIOImage(img, null, null), p);
        } finally {
            w.dispose();
        }
        return out.toByteArray();
    }

    @ParameterizedTest(name = "{0} {1}x{2} interlaced={3}")
    @CsvSource({
        "rgb8, 37, 23, false", "rgb8, 37, 23, true", "rgba8, 41, 19, false", "rgba8, 41, 19, true",
        "gray8, 33, 17, false", "gray8, 33, 17, true", "gray16, 29, 31, false", "gray16, 29, 31, true",
        "rgb16, 21, 13, false", "rgb16, 21, 13, true", "pal1, 35, 9, false", "pal2, 35, 9, true",
        "pal4, 35, 9, false", "pal4, 13, 11, true", "pal8, 50, 40, false", "pal8a, 50, 40, true",
        "rgb8, 1, 1, true", "rgb8, 3, 2, true", "gray8, 1, 9, false",
    })
    void decodesLikeImageIO(String kind, int w, int h, boolean interlaced) throws IOException {
        BufferedImage img = image(kind, w, h);
        byte[] png = png(img, interlaced);
        BufferedImage ref = CodecImages.read(png);
        assertThat(new PngDecoder(new ByteArrayInputStream(png)).readHeader().interlaced())
                .isEqualTo(interlaced);

        Raster r = decode(png);

        assertThat(r.width()).isEqualTo(w);
        assertThat(r.height()).isEqualTo(h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int want = ref.getRGB(x, y);
                int i = (y * w + x) * r.channels();
                byte[] p = r.pixels();
                int got = switch (r.channels()) {
                    case 1 -> 0xFF000000 | (p[i] & 0xFF) * 0x010101;
                    case 2 -> (p[i + 1] & 0xFF) << 24 | (p[i] & 0xFF) * 0x010101;
                    case 3 -> 0xFF000000 | (p[i] & 0xFF) << 16 | (p[i + 1] & 0xFF) << 8 | (p[i + 2] & 0xFF);
                    default ->
                        (p[i + 3] & 0xFF) << 24 | (p[i] & 0xFF) << 16 | (p[i + 1] & 0xFF) << 8 | (p[i + 2] & 0xFF);
                };
                if (kind.startsWith("gray")) {
                    // ImageIO's getRGB maps linear gray through a colour conversion: compare the raw sample
                    int raw = ref.getRaster().getSample(x, y, 0) >> (kind.equals("gray16") ? 8 : 0);
                    assertThat(p[i] & 0xFF).as("(%d,%d)", x, y).isEqualTo(raw);
                } else {
                    int tol = kind.equals("rgb16") ? 1 : 0;
                    for (int s = 0; s < 32; s += 8) {
                        assertThat(Math.abs((got >>> s & 0xFF) - (want >>> s & 0xFF)))
                                .as("(%d,%d) %08x vs %08x", x, y, got, want)
                                .isLessThanOrEqualTo(tol);
                    }
                }
            }
        }
    }

    @Test
    void colourKeyTransparencyAddsAnAlphaChannel() throws IOException {
        BufferedImage img = image("rgb8", 20, 10);
        img.setRGB(3, 4, 0x102030);
        byte[] png = withChunk(png(img, false), "tRNS", new byte[] {0, 0x10, 0, 0x20, 0, 0x30});

        Raster r = decode(png);

        assertThat(r.channels()).isEqualTo(4);
        assertThat(r.pixels()[(4 * 20 + 3) * 4 + 3]).isEqualTo((byte) 0);
        assertThat(r.pixels()[(4 * 20 + 4) * 4 + 3]).isEqualTo((byte) 255);
    }

    @Test
    void corruptAndTruncatedFilesFailCleanly() throws IOException {
        byte[] png = png(image("rgb8", 60, 40), false);
        for (int cut : new int[] {5, 20, 40, png.length / 2, png.length - 5}) {
            byte[] t = Arrays.copyOf(png, cut);
            assertThatThrownBy(() -> decode(t)).as("cut at " + cut).isInstanceOf(DecodeException.class);
        }
        byte[] flipped = png.clone();
        flipped[png.length / 2] ^= 0x55;
        assertThatThrownBy(() -> decode(flipped)).isInstanceOf(DecodeException.class);
        // a lying header: 50000 x 50000 must be refused before any allocation
        byte[] huge = png.clone();
        putChunk(huge, 16, new byte[] {0, 0, (byte) 0xC3, 0x50, 0, 0, (byte) 0xC3, 0x50});
        assertThatThrownBy(() -> decode(huge))
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("too large");
    }

    /** Overwrites IHDR bytes at {@code off} and fixes its CRC. */
    static void putChunk(byte[] png, int off, byte[] bytes) {
        System.arraycopy(bytes, 0, png, off, bytes.length);
        CRC32 c = new CRC32();
        c.update(png, 12, 17);
        long v = c.getValue();
        png[29] = (byte) (v >> 24);
        png[30] = (byte) (v >> 16);
        png[31] = (byte) (v >> 8);
        png[32] = (byte) v;
    }

    /** Inserts a chunk right after IHDR. */
    static byte[] withChunk(byte[] png, String type, byte[] data) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(png, 0, 33);
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        int n = data.length;
        o.write(new byte[] {(byte) (n >> 24), (byte) (n >> 16), (byte) (n >> 8), (byte) n}, 0, 4);
        o.write(t, 0, 4);
        o.write(data, 0, n);
        CRC32 c = new CRC32();
        c.update(t);
        c.update(data);
        long v = c.getValue();
        o.write(new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v}, 0, 4);
        o.write(png, 33, png.length - 33);
        return o.toByteArray();
    }
}
