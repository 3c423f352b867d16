package org.trawl.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.testing.TestImages;

/** Whole images of every checked format pass; the same images cut short do not. */
class BodyIntegrityTest {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    @TempDir
    Path tmp;

    String problem(byte[] body) throws Exception {
        Path f = tmp.resolve("f.part");
        Files.write(f, body);
        return BodyIntegrity.problem(
                f, body.length, ImageFormat.sniff(body, body.length).orElseThrow());
    }

    static byte[] imageio(String format, int w, int h) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random rnd = new Random(w * 31L + h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rnd.nextInt(0x1000000));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(img, format, out)).as(format).isTrue();
        return out.toByteArray();
    }

    static byte[] cut(byte[] b, int n) {
        return Arrays.copyOf(b, b.length - n);
    }

    static byte[] plus(byte[] b, byte... tail) {
        byte[] r = Arrays.copyOf(b, b.length + tail.length);
        System.arraycopy(tail, 0, r, b.length, tail.length);
        return r;
    }

    @Test
    void aLongTrailerAfterTheEndMarkerIsAllowedACutBodyStillIsNot() throws Exception {
        // an Android "motion photo": a whole MP4 (here 1 MB with no FF D9 in it) after the JPEG's EOI
        byte[] trailer = new byte[1 << 20];
        Arrays.fill(trailer, (byte) 'A');
        byte[] jpeg = imageio("jpg", 300, 200);
        assertThat(problem(plus(jpeg, trailer))).isNull();
        byte[] png = imageio("png", 300, 200);
        assertThat(problem(plus(png, Arrays.copyOf(trailer, 20_000)))).isNull();
        // the search goes back only to the first SOS: a body cut inside a long scan still has no EOI
        assertThat(problem(cut(jpeg, 2))).isEqualTo("jpeg without EOI");
        assertThat(problem(cut(jpeg, jpeg.length / 2))).isEqualTo("jpeg without EOI");
        assertThat(problem(cut(png, 12))).isEqualTo("png without IEND");
    }

    @Test
    void jpeg() throws Exception {
        byte[] small = TestImages.jpeg(40, 30, 1), large = imageio("jpg", 300, 200); // large: head and tail read apart
        assertThat(large.length).isGreaterThan(2 * BodyIntegrity.WINDOW);
        assertThat(problem(small)).isNull();
        assertThat(problem(large)).isNull();
        assertThat(problem(plus(large, new byte[100])))
                .as("zero padding after EOI")
                .isNull();
        assertThat(problem(cut(large, 2))).isEqualTo("jpeg without EOI");
        assertThat(problem(cut(large, large.length / 2))).isEqualTo("jpeg without EOI");
        assertThat(problem(Arrays.copyOf(large, 200))).isEqualTo("jpeg without SOS");
    }

    @Test
    void png() throws Exception {
        byte[] p = imageio("png", 300, 200);
        assertThat(problem(p)).isNull();
        assertThat(problem(cut(p, 12))).isEqualTo("png without IEND");
        assertThat(problem(cut(p, p.length / 2))).isEqualTo("png without IEND");
    }

    @Test
    void gif() throws Exception {
        byte[] g = imageio("gif", 120, 90);
        assertThat(problem(g)).isNull();
        assertThat(problem(plus(g, new byte[3]))).isNull();
        assertThat(problem(cut(g, 1))).isEqualTo("gif without trailer");
        assertThat(problem(cut(g, g.length / 2))).isEqualTo("gif without trailer");
    }

    @Test
    void bmp() throws Exception {
        byte[] b = imageio("bmp", 50, 40);
        assertThat(problem(b)).isNull();
        assertThat(problem(cut(b, 1))).isEqualTo("bmp shorter than its header says");
    }

    @Test
    void tiffWithItsDirectoryAtTheEnd() throws Exception {
        byte[] t = imageio("tiff", 50, 40);
        long ifd = ByteBuffer.wrap(t)
                        .order(t[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN)
                        .getInt(4)
                & 0xFFFFFFFFL;
        assertThat(problem(t)).isNull();
        assertThat(problem(Arrays.copyOf(t, (int) ifd))).isEqualTo("tiff shorter than its first IFD offset");
    }

    @Test
    void webp() throws Exception {
        ByteBuffer w = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        w.put("RIFF".getBytes()).putInt(32).put("WEBPVP8L".getBytes()).putInt(20);
        byte[] whole = w.array();
        assertThat(problem(whole)).isNull();
        assertThat(problem(cut(whole, 1))).isEqualTo("webp shorter than its RIFF size");
    }

    /** ftyp, meta, mdat: HEIC/AVIF are covered by their boxes; a cut mdat runs past the end. */
    @Test
    void isoBoxes() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(24 + 16 + 1008);
        b.putInt(24).put("ftyp".getBytes()).put("avif".getBytes()).putInt(0).put("mif1avif".getBytes());
        b.putInt(16).put("meta".getBytes()).putLong(0);
        b.putInt(1008).put("mdat".getBytes());
        byte[] avif = b.array();
        assertThat(problem(avif)).isNull();
        assertThat(problem(cut(avif, 10))).isEqualTo("avif box runs past the end");
    }

    @Test
    void jpeg2000CodestreamEndsWithEoc() throws Exception {
        byte[] cs = new byte[64];
        cs[0] = (byte) 0xFF;
        cs[1] = 0x4F;
        cs[2] = (byte) 0xFF;
        cs[3] = 0x51;
        cs[62] = (byte) 0xFF;
        cs[63] = (byte) 0xD9;
        assertThat(problem(cs)).isNull();
        assertThat(problem(cut(cs, 2))).isEqualTo("jpeg 2000 codestream without EOC");
    }
}
