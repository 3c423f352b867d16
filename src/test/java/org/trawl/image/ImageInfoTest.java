package org.trawl.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plain unit tests: real images come from javax.imageio (test only), the rest are hand-built headers. */
class ImageInfoTest {

    @TempDir
    Path dir;

    // ---------- real images written by ImageIO ----------

    @Test
    void readsImageIoGeneratedImages() throws IOException {
        assertInfo(ImageFormat.JPEG, 37, 23, write(encode("jpg", 37, 23)));
        assertInfo(ImageFormat.PNG, 37, 23, write(encode("png", 37, 23)));
        assertInfo(ImageFormat.GIF, 37, 23, write(encode("gif", 37, 23)));
        assertInfo(ImageFormat.BMP, 37, 23, write(encode("bmp", 37, 23)));
        assertInfo(ImageFormat.PNG, 1, 4001, write(encode("png", 1, 4001)));
    }

    @Test
    void readsProgressiveJpeg() throws IOException {
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            w.setOutput(ios);
            ImageWriteParam p = w.getDefaultWriteParam();
            p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            w.write(null, new IIOImage(image(53, 11), null, null), p);
        } finally {
            w.dispose();
        }
        byte[] jpg = out.toByteArray();
        assertTrue(indexOf(jpg, 0xFF, 0xC2) > 0, "expected an SOF2 marker");
        assertInfo(ImageFormat.JPEG, 53, 11, write(jpg));
    }

    @Test
    void jpegSeeksOverLargeAppSegmentsFillBytesAndStandaloneMarkers() throws IOException {
        byte[] jpg = encode("jpg", 37, 23);
        // APP1 payloads full of a fake "SOF0 9x7" so that scanning instead of skipping by length fails.
        byte[] fake = {(byte) 0xFF, (byte) 0xC0, 0, 17, 8, 0, 7, 0, 9};
        byte[] app1 = repeat(fake, 65533);
        byte[] app2 = repeat(fake, 10000);
        B b = new B()
                .u8(0xFF, 0xD8)
                .u8(0xFF, 0xFF, 0xFF, 0xE1)
                .u16(app1.length + 2)
                .raw(app1) // fill bytes before APP1
                .u8(0xFF, 0x01) // TEM, standalone
                .u8(0xFF, 0xD3) // RST3, standalone
                .u8(0xFF, 0xE2)
                .u16(app2.length + 2)
                .raw(app2)
                .raw(Arrays.copyOfRange(jpg, 2, jpg.length));
        Path f = write(b.get());
        assertTrue(Files.size(f) > 70_000);
        assertInfo(ImageFormat.JPEG, 37, 23, f);
    }

    @Test
    void jpegIgnoresDhtJpgAndDacMarkersInTheSofRange() throws IOException {
        B b = new B()
                .u8(0xFF, 0xD8)
                .u8(0xFF, 0xC4)
                .u16(9)
                .u8(0, 0, 5, 0, 9, 0, 0) // DHT, bytes shaped like a frame header
                .u8(0xFF, 0xC8)
                .u16(7)
                .u8(8, 0, 5, 0, 9) // JPG
                .u8(0xFF, 0xCC)
                .u16(4)
                .u8(0x10, 0x11) // DAC
                .u8(0xFF, 0xC1)
                .u16(11)
                .u8(8)
                .u16(480)
                .u16(640)
                .u8(1, 1, 0x11, 0) // SOF1
                .u8(0xFF, 0xD9);
        assertInfo(ImageFormat.JPEG, 640, 480, write(b.get()));
    }

    // ---------- BMP ----------

    @Test
    void bmpTopDownAndCoreHeader() throws IOException {
        byte[] bmp = encode("bmp", 37, 23);
        bmp[22] = (byte) 0xE9; // height = -23 (LE int32): top-down rows
        bmp[23] = bmp[24] = bmp[25] = (byte) 0xFF;
        assertInfo(ImageFormat.BMP, 37, 23, write(bmp));

        B core = new B()
                .le()
                .ascii("BM")
                .u32(26 + 4)
                .u32(0)
                .u32(26)
                .u32(12)
                .u16(300)
                .u16(200)
                .u16(1)
                .u16(24)
                .u8(0, 0, 0, 0);
        assertInfo(ImageFormat.BMP, 300, 200, write(core.get()));
    }

    // ---------- WebP ----------

    @Test
    void webpLossyLosslessAndExtended() throws IOException {
        // VP8: frame tag, start code, 14-bit dims with the 2 scaling bits set (must be masked off).
        byte[] vp8 = new B()
                .le()
                .u8(0x10, 0x02, 0x00, 0x9D, 0x01, 0x2A)
                .u16(37 | 0x4000)
                .u16(23 | 0xC000)
                .u8(0, 0)
                .get();
        assertInfo(ImageFormat.WEBP, 37, 23, write(webp("VP8 ", vp8)));

        long bits = (37 - 1) | (long) (23 - 1) << 14 | 1L << 28; // alpha hint set, version 0
        byte[] vp8l = new B().le().u8(0x2F).u32(bits).u8(0).get();
        assertInfo(ImageFormat.WEBP, 37, 23, write(webp("VP8L", vp8l)));

        byte[] vp8x = new B().le().u8(0x10, 0, 0, 0).u24(20000 - 1).u24(3 - 1).get();
        assertInfo(ImageFormat.WEBP, 20000, 3, write(webp("VP8X", vp8x)));
    }

    // ---------- TIFF ----------

    @Test
    void tiffBothByteOrdersShortAndLong() throws IOException {
        // II: width SHORT 37, height LONG 23, after an unrelated tag.
        B le = new B()
                .le()
                .ascii("II")
                .u16(42)
                .u32(8)
                .u16(3)
                .u16(254)
                .u16(4)
                .u32(1)
                .u32(0) // NewSubfileType
                .u16(256)
                .u16(3)
                .u32(1)
                .u16(37)
                .u16(0)
                .u16(257)
                .u16(4)
                .u32(1)
                .u32(23)
                .u32(0);
        assertInfo(ImageFormat.TIFF, 37, 23, write(le.get()));

        // MM: IFD placed after some padding; width LONG 70000, height SHORT 5 (left-justified in the field).
        B be = new B()
                .ascii("MM")
                .u16(42)
                .u32(16)
                .u32(0)
                .u32(0)
                .u16(2)
                .u16(256)
                .u16(4)
                .u32(1)
                .u32(70000)
                .u16(257)
                .u16(3)
                .u32(1)
                .u16(5)
                .u16(0)
                .u32(0);
        assertInfo(ImageFormat.TIFF, 70000, 5, write(be.get()));

        B big = new B()
                .le()
                .ascii("II")
                .u16(43)
                .u16(8)
                .u16(0)
                .u64(16)
                .u64(2)
                .u16(256)
                .u16(16)
                .u64(1)
                .u64(1234)
                .u16(257)
                .u16(3)
                .u64(1)
                .u16(567)
                .u16(0)
                .u32(0)
                .u64(0);
        assertInfo(ImageFormat.TIFF, 1234, 567, write(big.get()));
    }

    // ---------- JPEG 2000 ----------

    @Test
    void jp2IhdrInsideJp2hAndRawCodestream() throws IOException {
        byte[] colr = box("colr", new B().u8(1, 0, 0).u32(16).get());
        byte[] ihdr = box("ihdr", new B().u32(23).u32(37).u16(3).u8(7, 7, 0, 0).get()); // HEIGHT then WIDTH
        byte[] jp2 = new B()
                .raw(box("jP  ", new B().u8(0x0D, 0x0A, 0x87, 0x0A).get()))
                .raw(box("ftyp", new B().ascii("jp2 ").u32(0).ascii("jp2 ").get()))
                .raw(box("jp2h", new B().raw(colr).raw(ihdr).get()))
                .raw(box("jp2c", new byte[5000]))
                .get();
        assertInfo(ImageFormat.JP2, 37, 23, write(jp2));

        byte[] j2k = new B()
                .u8(0xFF, 0x4F, 0xFF, 0x51)
                .u16(41)
                .u16(0)
                .u32(1000 + 37)
                .u32(2000 + 23)
                .u32(1000)
                .u32(2000)
                .u32(37)
                .u32(23)
                .u32(0)
                .u32(0)
                .u16(3)
                .get();
        assertInfo(ImageFormat.JP2, 37, 23, write(j2k));
    }

    // ---------- HEIF ----------

    @Test
    void heicUsesThePrimaryItemsIspe() throws IOException {
        // Item 1 (primary) -> property 2 (ispe 640x480); item 2 -> property 3 (a larger ispe).
        byte[] ipco = box(
                "ipco",
                new B()
                        .raw(box("hvcC", new byte[8]))
                        .raw(ispe(640, 480))
                        .raw(ispe(1280, 960))
                        .get());
        byte[] ipma = box(
                "ipma",
                new B()
                        .u32(0)
                        .u32(2)
                        .u16(1)
                        .u8(2)
                        .u8(0x81)
                        .u8(0x02) // item 1: hvcC (essential), ispe 640x480
                        .u16(2)
                        .u8(1)
                        .u8(0x03)
                        .get());
        byte[] heic = heif(
                "heic",
                "mif1",
                new B()
                        .raw(box(
                                "hdlr",
                                new B()
                                        .u32(0)
                                        .u32(0)
                                        .ascii("pict")
                                        .u32(0)
                                        .u32(0)
                                        .u32(0)
                                        .u8(0)
                                        .get()))
                        .raw(box("pitm", new B().u32(0).u16(1).get()))
                        .raw(box("iprp", new B().raw(ipco).raw(ipma).get()))
                        .get());
        assertInfo(ImageFormat.HEIC, 640, 480, write(heic));
    }

    @Test
    void avifFallsBackToTheLargestIspe() throws IOException {
        byte[] ipco =
                box("ipco", new B().raw(ispe(160, 120)).raw(ispe(4032, 3024)).get());
        byte[] avif = heif("avif", "mif1", new B().raw(box("iprp", ipco)).get());
        assertInfo(ImageFormat.AVIF, 4032, 3024, write(avif));
        // mif1 major brand with avif only among the compatible brands is still AVIF
        assertEquals(Optional.of(ImageFormat.AVIF), ImageFormat.sniff(heif("mif1", "avif", new byte[0]), 32));
    }

    // ---------- truncated / not images ----------

    @Test
    void truncatedHeadersGiveMinusOneNotExceptions() throws IOException {
        byte[] jpg = encode("jpg", 37, 23);
        assertInfo(ImageFormat.JPEG, -1, -1, write(Arrays.copyOf(jpg, 3)));
        assertInfo(ImageFormat.JPEG, -1, -1, write(Arrays.copyOf(jpg, 30))); // inside APP0
        assertInfo(ImageFormat.JPEG, -1, -1, write(Arrays.copyOf(jpg, indexOf(jpg, 0xFF, 0xC0) + 6))); // inside SOF
        assertInfo(ImageFormat.PNG, -1, -1, write(Arrays.copyOf(encode("png", 37, 23), 20)));
        assertInfo(ImageFormat.GIF, -1, -1, write("GIF89a%".getBytes(StandardCharsets.US_ASCII)));
        assertInfo(ImageFormat.BMP, -1, -1, write(Arrays.copyOf(encode("bmp", 37, 23), 20)));
        assertInfo(ImageFormat.WEBP, -1, -1, write(Arrays.copyOf(webp("VP8X", new byte[10]), 22)));
        assertInfo(
                ImageFormat.TIFF,
                -1,
                -1,
                write(new B().ascii("MM").u16(42).u32(4000).get()));
        assertInfo(
                ImageFormat.JP2,
                -1,
                -1,
                write(box("jP  ", new B().u8(0x0D, 0x0A, 0x87, 0x0A).get())));
        assertInfo(ImageFormat.HEIC, -1, -1, write(Arrays.copyOf(heif("heic", "mif1", new byte[0]), 24)));
        // JPEG whose segment length points far past the end of the file
        assertInfo(
                ImageFormat.JPEG,
                -1,
                -1,
                write(new B().u8(0xFF, 0xD8, 0xFF, 0xE1).u16(60000).u8(1, 2, 3).get()));
    }

    @Test
    void nonImagesAreEmpty() throws IOException {
        assertEquals(
                Optional.empty(),
                ImageInfo.read(write("<!DOCTYPE html><html></html>".getBytes(StandardCharsets.UTF_8))));
        assertEquals(Optional.empty(), ImageInfo.read(write(new byte[0])));
        assertEquals(Optional.empty(), ImageInfo.read(write(heif("isom", "mp42", new byte[0])))); // MP4 video
    }

    // ---------- sniffing ----------

    @Test
    void sniffDetectsFormatsFromShortHeads() {
        assertSniff(ImageFormat.JPEG, 0xFF, 0xD8, 0xFF);
        assertSniff(ImageFormat.PNG, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A);
        assertSniff(ImageFormat.GIF, 'G', 'I', 'F', '8', '7', 'a');
        assertSniff(ImageFormat.TIFF, 'M', 'M', 0, 42);
        assertSniff(ImageFormat.TIFF, 'I', 'I', 42, 0);
        assertSniff(ImageFormat.JP2, 0, 0, 0, 0x0C, 'j', 'P', ' ', ' ', 0x0D, 0x0A, 0x87, 0x0A);
        assertEquals(Optional.of(ImageFormat.WEBP), ImageFormat.sniff(webp("VP8L", new byte[6]), 32));
        assertEquals(Optional.of(ImageFormat.HEIC), ImageFormat.sniff(heif("heix", "mif1", new byte[0]), 32));
        assertEquals(Optional.of(ImageFormat.HEIC), ImageFormat.sniff(heif("msf1", "hevc", new byte[0]), 32));
        // length smaller than the array is honoured
        assertEquals(Optional.empty(), ImageFormat.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}, 2));
        assertEquals(
                Optional.empty(),
                ImageFormat.sniff("BMW is a car, not a bitmap".getBytes(StandardCharsets.US_ASCII), 26));
        assertEquals("jpg", ImageFormat.JPEG.extension());
        assertEquals("image/heic", ImageFormat.HEIC.mimeType());
    }

    @Test
    void sniffRejectsErrorPagesAndDescribesThem() {
        assertNonImage("HTML page", "<!DOCTYPE html>");
        assertNonImage("HTML page", "<html>");
        assertNonImage("HTML page", "\uFEFF\r\n<HTML lang=\"en\"><head>");
        assertNonImage("JSON document", "  {\"error\":1}");
        assertNonImage("JSON document", "[1,2]");
        assertNonImage("XML document", "<?xml version=\"1.0\"?><Error>");
        assertNonImage("SVG document", "<svg xmlns=\"http://www.w3.org/2000/svg\">");
        assertNonImage("empty body", "");
        assertNonImage("whitespace-only body", " \n");
        assertNonImage("text starting \"Not Found\"", "Not Found\n");
        byte[] gzip = {0x1f, (byte) 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00};
        assertEquals(Optional.empty(), ImageFormat.sniff(gzip, gzip.length));
        assertEquals("unknown content starting 0x1f8b0800", ImageFormat.describeNonImage(gzip, gzip.length));
        assertEquals("empty body", ImageFormat.describeNonImage(null, 10));
    }

    // ---------- helpers ----------

    private static void assertNonImage(String description, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        assertEquals(Optional.empty(), ImageFormat.sniff(b, b.length), body);
        assertEquals(description, ImageFormat.describeNonImage(b, b.length));
    }

    private static void assertSniff(ImageFormat expected, int... bytes) {
        byte[] b = new B().u8(bytes).get();
        assertEquals(Optional.of(expected), ImageFormat.sniff(b, b.length));
    }

    private static void assertInfo(ImageFormat format, int width, int height, Path file) throws IOException {
        assertEquals(Optional.of(new ImageInfo(format, width, height)), ImageInfo.read(file));
    }

    private int files;

    private Path write(byte[] data) throws IOException {
        return Files.write(dir.resolve("f" + files++), data);
    }

    private static BufferedImage image(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, x * 7 << 16 | y * 11 << 8 | (x ^ y));
            }
        }
        return img;
    }

    private static byte[] encode(String format, int w, int h) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image(w, h), format, out), "no ImageIO writer for " + format);
        return out.toByteArray();
    }

    private static byte[] webp(String chunk, byte[] data) {
        byte[] c = new B().le().ascii(chunk).u32(data.length).raw(data).get();
        return new B().le().ascii("RIFF").u32(4 + c.length).ascii("WEBP").raw(c).get();
    }

    /** ftyp(major, minor 0, compatible: major + other) followed by a meta FullBox holding {@code meta}. */
    private static byte[] heif(String major, String other, byte[] meta) {
        return new B()
                .raw(box(
                        "ftyp",
                        new B().ascii(major).u32(0).ascii(other).ascii(major).get()))
                .raw(box("meta", new B().u32(0).raw(meta).get()))
                .raw(box("mdat", new byte[100]))
                .get();
    }

    private static byte[] ispe(int w, int h) {
        return box("ispe", new B().u32(0).u32(w).u32(h).get());
    }

    private static byte[] box(String type, byte[] body) {
        return new B().u32(8 + body.length).ascii(type).raw(body).get();
    }

    private static byte[] repeat(byte[] unit, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = unit[i % unit.length];
        }
        return out;
    }

    private static int indexOf(byte[] data, int b0, int b1) {
        for (int i = 0; i + 1 < data.length; i++) {
            if ((data[i] & 0xFF) == b0 && (data[i + 1] & 0xFF) == b1) {
                return i;
            }
        }
        return -1;
    }

    /** Byte array builder; big-endian unless {@link #le()}. */
    private static final class B {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private boolean le;

        B le() {
            le = true;
            return this;
        }

        B u8(int... bytes) {
            for (int b : bytes) {
                out.write(b);
            }
            return this;
        }

        private B uint(long v, int n) {
            for (int i = 0; i < n; i++) {
                out.write((int) (v >>> 8 * (le ? i : n - 1 - i)));
            }
            return this;
        }

        B u16(int v) {
            return uint(v, 2);
        }

        B u24(long v) {
            return uint(v, 3);
        }

        B u32(long v) {
            return uint(v, 4);
        }

        B u64(long v) {
            return uint(v, 8);
        }

        B ascii(String s) {
            return raw(s.getBytes(StandardCharsets.ISO_8859_1));
        }

        B raw(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        byte[] get() {
            return out.toByteArray();
        }
    }
}
