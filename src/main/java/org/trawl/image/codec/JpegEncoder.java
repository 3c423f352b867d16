package org.trawl.image.codec;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Baseline JPEG: JFIF, standard (Annex K) Huffman tables, IJG quality scaling of the Annex K
 * quantisation tables, 4:2:0 chroma for colour (what libjpeg and ImageIO write by default) or 4:4:4
 * (full-resolution chroma, for small text and thin coloured lines that 4:2:0 smears), one
 * component for gray. An alpha channel is dropped (composited on white first). The forward DCT is
 * the AAN floating-point one (libjpeg's jfdctflt).
 */
public final class JpegEncoder {
    // Annex K tables (copied from the JDK's JPEGHuffmanTable/JPEGQTable constants; a test compares them)
    static final int[] DC_LUMA_BITS = {0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0};
    static final int[] DC_LUMA_VALS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    static final int[] DC_CHROMA_BITS = {0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0};
    static final int[] DC_CHROMA_VALS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    static final int[] AC_LUMA_BITS = {0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 125};
    static final int[] AC_LUMA_VALS = {
        1, 2, 3, 0, 4, 17, 5, 18, 33, 49, 65, 6, 19, 81, 97, 7, 34, 113, 20, 50, 129, 145, 161, 8, 35, 66, 177, 193, 21,
        82, 209, 240, 36, 51, 98, 114, 130, 9, 10, 22, 23, 24, 25, 26, 37, 38, 39, 40, 41, 42, 52, 53, 54, 55, 56, 57,
        58, 67, 68, 69, 70, 71, 72, 73, 74, 83, 84, 85, 86, 87, 88, 89, 90, 99, 100, 101, 102, 103, 104, 105, 106, 115,
        116, 117, 118, 119, 120, 121, 122, 131, 132, 133, 134, 135, 136, 137, 138, 146, 147, 148, 149, 150, 151, 152,
        153, 154, 162, 163, 164, 165, 166, 167, 168, 169, 170, 178, 179, 180, 181, 182, 183, 184, 185, 186, 194, 195,
        196, 197, 198, 199, 200, 201, 202, 210, 211, 212, 213, 214, 215, 216, 217, 218, 225, 226, 227, 228, 229, 230,
        231, 232, 233, 234, 241, 242, 243, 244, 245, 246, 247, 248, 249, 250
    };
    static final int[] AC_CHROMA_BITS = {0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 119};
    static final int[] AC_CHROMA_VALS = {
        0, 1, 2, 3, 17, 4, 5, 33, 49, 6, 18, 65, 81, 7, 97, 113, 19, 34, 50, 129, 8, 20, 66, 145, 161, 177, 193, 9, 35,
        51, 82, 240, 21, 98, 114, 209, 10, 22, 36, 52, 225, 37, 241, 23, 24, 25, 26, 38, 39, 40, 41, 42, 53, 54, 55, 56,
        57, 58, 67, 68, 69, 70, 71, 72, 73, 74, 83, 84, 85, 86, 87, 88, 89, 90, 99, 100, 101, 102, 103, 104, 105, 106,
        115, 116, 117, 118, 119, 120, 121, 122, 130, 131, 132, 133, 134, 135, 136, 137, 138, 146, 147, 148, 149, 150,
        151, 152, 153, 154, 162, 163, 164, 165, 166, 167, 168, 169, 170, 178, 179, 180, 181, 182, 183, 184, 185, 186,
        194, 195, 196, 197, 198, 199, 200, 201, 202, 210, 211, 212, 213, 214, 215, 216, 217, 218, 226, 227, 228, 229,
        230, 231, 232, 233, 234, 242, 243, 244, 245, 246, 247, 248, 249, 250
    };
    static final int[] Q_LUMA = {
        16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29,
        51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121,
        120, 101, 72, 92, 95, 98, 112, 100, 103, 99
    };
    static final int[] Q_CHROMA = {
        17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99
    };

    private static final double[] AAN = {
        1.0, 1.387039845, 1.306562965, 1.175875602, 1.0, 0.785694958, 0.541196100, 0.275899379
    };

    private final int quality;
    private final boolean chroma444;

    /** @param quality 1..100, libjpeg's scale (90 = the default here); chroma 4:2:0 */
    public JpegEncoder(int quality) {
        this(quality, false);
    }

    /**
     * @param quality   1..100, libjpeg's scale
     * @param chroma444 true: chroma at full resolution (4:4:4); false: halved both ways (4:2:0)
     */
    public JpegEncoder(int quality, boolean chroma444) {
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("JPEG quality must be 1..100: " + quality);
        }
        this.quality = quality;
        this.chroma444 = chroma444;
    }

    /** Writes {@code r} as a JPEG; {@code icc} (may be null) is embedded as APP2 ICC_PROFILE chunks. */
    public void encode(Raster r, byte[] icc, OutputStream os) throws IOException {
        RowWriter w = open(r.width(), r.height(), r.channels(), icc, os);
        int n = r.width() * r.channels();
        byte[] row = new byte[n];
        for (int y = 0; y < r.height(); y++) {
            System.arraycopy(r.pixels(), y * n, row, 0, n);
            w.row(row);
        }
        w.finish();
    }

    /**
     * Starts a JPEG of {@code width x height} whose scanlines are then given top to bottom to the
     * returned writer: only one band of 16 rows (8 for gray) is held, so an image of any height
     * (a page stitched from tiles) costs {@code width * 16 * channels} bytes, not the whole raster.
     */
    public RowWriter open(int width, int height, int channels, byte[] icc, OutputStream os) throws IOException {
        if (width < 1 || height < 1 || width > 65535 || height > 65535) {
            throw new IllegalArgumentException("JPEG size must be 1..65535 each way: " + width + "x" + height);
        }
        return new RowWriter(width, height, channels, icc, os);
    }

    /** Takes the scanlines of one JPEG in order and encodes each band of MCU rows as soon as it is complete. */
    public final class RowWriter {
        private final BitWriter out;
        private final boolean color;
        private final int width;
        private final int height;
        private final int channels;
        private final int mcu;
        private final byte[] band;
        private final Table dcL = new Table(DC_LUMA_BITS, DC_LUMA_VALS);
        private final Table acL = new Table(AC_LUMA_BITS, AC_LUMA_VALS);
        private final Table dcC = new Table(DC_CHROMA_BITS, DC_CHROMA_VALS);
        private final Table acC = new Table(AC_CHROMA_BITS, AC_CHROMA_VALS);
        private final double[] divL;
        private final double[] divC;
        private final float[] y = new float[64];
        private final float[] cb = new float[64];
        private final float[] cr = new float[64];
        private final float[][] ys = {new float[64], new float[64], new float[64], new float[64]};
        private final int[] pred = new int[3];
        private int rowsInBand;
        private int rowsDone;

        private RowWriter(int w, int h, int channels, byte[] icc, OutputStream os) throws IOException {
            this.out = new BitWriter(os);
            this.width = w;
            this.height = h;
            this.channels = channels;
            this.color = channels >= 3;
            this.mcu = color && !chroma444 ? 16 : 8;
            this.band = new byte[w * mcu * channels];
            int[] ql = scaled(Q_LUMA);
            int[] qc = scaled(Q_CHROMA);
            divL = divisors(ql);
            divC = divisors(qc);
            header(ql, qc, icc);
        }

        private void header(int[] ql, int[] qc, byte[] icc) throws IOException {
            out.marker(0xD8);
            // JFIF APP0, 1:1 aspect
            out.segment(0xE0, new byte[] {'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0});
            if (icc != null && icc.length > 0) {
                int chunks = (icc.length + 65518) / 65519;
                for (int i = 0; i < chunks; i++) {
                    int off = i * 65519;
                    int n = Math.min(65519, icc.length - off);
                    byte[] s = new byte[14 + n];
                    System.arraycopy(
                            "ICC_PROFILE\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, s, 0, 12);
                    s[12] = (byte) (i + 1);
                    s[13] = (byte) chunks;
                    System.arraycopy(icc, off, s, 14, n);
                    out.segment(0xE2, s);
                }
            }
            byte[] dqt = new byte[color ? 130 : 65];
            dqt[0] = 0;
            for (int k = 0; k < 64; k++) {
                dqt[1 + k] = (byte) ql[JpegDecoder.ZIGZAG[k]];
            }
            if (color) {
                dqt[65] = 1;
                for (int k = 0; k < 64; k++) {
                    dqt[66 + k] = (byte) qc[JpegDecoder.ZIGZAG[k]];
                }
            }
            out.segment(0xDB, dqt);
            int w = width;
            int h = height;
            byte[] sof = color
                    ? new byte[] {
                        8,
                        (byte) (h >> 8),
                        (byte) h,
                        (byte) (w >> 8),
                        (byte) w,
                        3,
                        1,
                        (byte) (chroma444 ? 0x11 : 0x22),
                        0,
                        2,
                        0x11,
                        1,
                        3,
                        0x11,
                        1
                    }
                    : new byte[] {8, (byte) (h >> 8), (byte) h, (byte) (w >> 8), (byte) w, 1, 1, 0x11, 0};
            out.segment(0xC0, sof);
            java.io.ByteArrayOutputStream dht = new java.io.ByteArrayOutputStream();
            table(dht, 0x00, DC_LUMA_BITS, DC_LUMA_VALS);
            table(dht, 0x10, AC_LUMA_BITS, AC_LUMA_VALS);
            if (color) {
                table(dht, 0x01, DC_CHROMA_BITS, DC_CHROMA_VALS);
                table(dht, 0x11, AC_CHROMA_BITS, AC_CHROMA_VALS);
            }
            out.segment(0xC4, dht.toByteArray());
            out.segment(
                    0xDA,
                    color ? new byte[] {3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0} : new byte[] {1, 1, 0x00, 0, 63, 0});
        }

        /** The next scanline ({@code width * channels} bytes, copied: the array may be reused). */
        public void row(byte[] row) throws IOException {
            if (rowsDone >= height) {
                throw new IllegalStateException("more rows than the height " + height);
            }
            int n = width * channels;
            System.arraycopy(row, 0, band, rowsInBand * n, n);
            rowsInBand++;
            rowsDone++;
            if (rowsInBand == mcu || rowsDone == height) {
                encodeBand();
                rowsInBand = 0;
            }
        }

        /** Ends the image; every row must have been given. */
        public void finish() throws IOException {
            if (rowsDone != height) {
                throw new IllegalStateException(rowsDone + " rows given of " + height);
            }
            out.flushBits();
            out.marker(0xD9);
            out.flush();
        }

        /** One row of MCUs; a short last band repeats its bottom row (the blocks clamp to the band's height). */
        private void encodeBand() throws IOException {
            Raster r = new Raster(width, rowsInBand, channels, band);
            for (int mx = 0; mx < width; mx += mcu) {
                if (!color) {
                    grayBlock(r, mx, 0, y);
                    pred[0] = block(out, y, divL, pred[0], dcL, acL);
                    continue;
                }
                java.util.Arrays.fill(cb, 0);
                java.util.Arrays.fill(cr, 0);
                if (chroma444) {
                    // 4:4:4: each 8x8 luma block has its own full-resolution Cb and Cr blocks
                    colorBlock444(r, mx, y, cb, cr);
                    pred[0] = block(out, y, divL, pred[0], dcL, acL);
                    pred[1] = block(out, cb, divC, pred[1], dcC, acC);
                    pred[2] = block(out, cr, divC, pred[2], dcC, acC);
                    continue;
                }
                for (int b = 0; b < 4; b++) {
                    colorBlock(r, mx + (b & 1) * 8, (b >> 1) * 8, ys[b], cb, cr, (b & 1) * 4 + (b >> 1) * 32);
                }
                for (int b = 0; b < 4; b++) {
                    pred[0] = block(out, ys[b], divL, pred[0], dcL, acL);
                }
                pred[1] = block(out, cb, divC, pred[1], dcC, acC);
                pred[2] = block(out, cr, divC, pred[2], dcC, acC);
            }
        }
    }

    private int[] scaled(int[] base) {
        int s = quality < 50 ? 5000 / quality : 200 - quality * 2;
        int[] t = new int[64];
        for (int i = 0; i < 64; i++) {
            t[i] = Math.max(1, Math.min(255, (base[i] * s + 50) / 100));
        }
        return t;
    }

    private static double[] divisors(int[] q) {
        double[] d = new double[64];
        for (int row = 0; row < 8; row++) {
            for (int col = 0; col < 8; col++) {
                d[row * 8 + col] = 1.0 / (q[row * 8 + col] * AAN[row] * AAN[col] * 8.0);
            }
        }
        return d;
    }

    private static void table(java.io.ByteArrayOutputStream o, int tc, int[] bits, int[] vals) {
        o.write(tc);
        for (int b : bits) {
            o.write(b);
        }
        for (int v : vals) {
            o.write(v);
        }
    }

    /** The 8x8 gray block at (x0, y0), edges replicated; level-shifted. */
    private static void grayBlock(Raster r, int x0, int y0, float[] out) {
        byte[] p = r.pixels();
        int ch = r.channels();
        for (int j = 0; j < 8; j++) {
            int y = Math.min(y0 + j, r.height() - 1);
            for (int i = 0; i < 8; i++) {
                int x = Math.min(x0 + i, r.width() - 1);
                int o = (y * r.width() + x) * ch;
                int v = p[o] & 0xFF;
                if (ch == 2) {
                    int a = p[o + 1] & 0xFF;
                    v = (v * a + 255 * (255 - a) + 127) / 255;
                }
                out[j * 8 + i] = v - 128;
            }
        }
    }

    /** One 8x8 luma block, and its quarter of the 2x2-averaged chroma blocks (at offset {@code co}). */
    private static void colorBlock(Raster r, int x0, int y0, float[] yb, float[] cb, float[] cr, int co) {
        byte[] p = r.pixels();
        int ch = r.channels();
        for (int j = 0; j < 8; j++) {
            int y = Math.min(y0 + j, r.height() - 1);
            for (int i = 0; i < 8; i++) {
                int x = Math.min(x0 + i, r.width() - 1);
                int o = (y * r.width() + x) * ch;
                int rr = p[o] & 0xFF;
                int gg = p[o + 1] & 0xFF;
                int bb = p[o + 2] & 0xFF;
                if (ch == 4) {
                    int a = p[o + 3] & 0xFF;
                    rr = (rr * a + 255 * (255 - a) + 127) / 255;
                    gg = (gg * a + 255 * (255 - a) + 127) / 255;
                    bb = (bb * a + 255 * (255 - a) + 127) / 255;
                }
                yb[j * 8 + i] = (float) (0.299 * rr + 0.587 * gg + 0.114 * bb - 128);
                int c = co + (j >> 1) * 8 + (i >> 1);
                cb[c] += (float) ((-0.168735892 * rr - 0.331264108 * gg + 0.5 * bb) / 4);
                cr[c] += (float) ((0.5 * rr - 0.418687589 * gg - 0.081312411 * bb) / 4);
            }
        }
    }

    /** One 8x8 block at (x0, 0) with full-resolution chroma (4:4:4), alpha composited on white as in colorBlock. */
    private static void colorBlock444(Raster r, int x0, float[] yb, float[] cb, float[] cr) {
        byte[] p = r.pixels();
        int ch = r.channels();
        for (int j = 0; j < 8; j++) {
            int y = Math.min(j, r.height() - 1);
            for (int i = 0; i < 8; i++) {
                int x = Math.min(x0 + i, r.width() - 1);
                int o = (y * r.width() + x) * ch;
                int rr = p[o] & 0xFF;
                int gg = p[o + 1] & 0xFF;
                int bb = p[o + 2] & 0xFF;
                if (ch == 4) {
                    int a = p[o + 3] & 0xFF;
                    rr = (rr * a + 255 * (255 - a) + 127) / 255;
                    gg = (gg * a + 255 * (255 - a) + 127) / 255;
                    bb = (bb * a + 255 * (255 - a) + 127) / 255;
                }
                int k = j * 8 + i;
                yb[k] = (float) (0.299 * rr + 0.587 * gg + 0.114 * bb - 128);
                cb[k] = (float) (-0.168735892 * rr - 0.331264108 * gg + 0.5 * bb);
                cr[k] = (float) (0.5 * rr - 0.418687589 * gg - 0.081312411 * bb);
            }
        }
    }

    /** DCT, quantise and entropy-code one block; returns the new DC predictor. */
    private static int block(BitWriter out, float[] d, double[] div, int pred, Table dc, Table ac) throws IOException {
        fdct(d);
        int[] q = new int[64];
        for (int k = 0; k < 64; k++) {
            int n = JpegDecoder.ZIGZAG[k];
            q[k] = (int) Math.round(d[n] * div[n]);
        }
        int diff = q[0] - pred;
        write(out, dc, 0, diff);
        int run = 0;
        for (int k = 1; k < 64; k++) {
            if (q[k] == 0) {
                run++;
                continue;
            }
            while (run > 15) {
                out.bits(ac.code[0xF0], ac.len[0xF0]);
                run -= 16;
            }
            write(out, ac, run << 4, q[k]);
            run = 0;
        }
        if (run > 0) {
            out.bits(ac.code[0], ac.len[0]);
        }
        return q[0];
    }

    private static void write(BitWriter out, Table t, int runBits, int v) throws IOException {
        int a = Math.abs(v);
        int size = a == 0 ? 0 : 32 - Integer.numberOfLeadingZeros(a);
        int sym = runBits | size;
        out.bits(t.code[sym], t.len[sym]);
        if (size > 0) {
            out.bits(v < 0 ? v - 1 & (1 << size) - 1 : v, size);
        }
    }

    /** AAN forward DCT in place (output scaled by 8 * AAN factors, undone by the divisors). */
    private static void fdct(float[] d) {
        for (int pass = 0; pass < 2; pass++) {
            int step = pass == 0 ? 1 : 8;
            int next = pass == 0 ? 8 : 1;
            for (int i = 0; i < 8; i++) {
                int b = i * next;
                float d0 = d[b], d1 = d[b + step], d2 = d[b + 2 * step], d3 = d[b + 3 * step];
                float d4 = d[b + 4 * step], d5 = d[b + 5 * step], d6 = d[b + 6 * step], d7 = d[b + 7 * step];
                float t0 = d0 + d7, t7 = d0 - d7, t1 = d1 + d6, t6 = d1 - d6;
                float t2 = d2 + d5, t5 = d2 - d5, t3 = d3 + d4, t4 = d3 - d4;
                float t10 = t0 + t3, t13 = t0 - t3, t11 = t1 + t2, t12 = t1 - t2;
                d[b] = t10 + t11;
                d[b + 4 * step] = t10 - t11;
                float z1 = (t12 + t13) * 0.707106781f;
                d[b + 2 * step] = t13 + z1;
                d[b + 6 * step] = t13 - z1;
                t10 = t4 + t5;
                t11 = t5 + t6;
                t12 = t6 + t7;
                float z5 = (t10 - t12) * 0.382683433f;
                float z2 = 0.541196100f * t10 + z5;
                float z4 = 1.306562965f * t12 + z5;
                float z3 = t11 * 0.707106781f;
                float z11 = t7 + z3;
                float z13 = t7 - z3;
                d[b + 5 * step] = z13 + z2;
                d[b + 3 * step] = z13 - z2;
                d[b + step] = z11 + z4;
                d[b + 7 * step] = z11 - z4;
            }
        }
    }

    /** Code and length for each symbol of a table given as Annex K bits/values. */
    private static final class Table {
        final int[] code = new int[256];
        final int[] len = new int[256];

        Table(int[] bits, int[] vals) {
            int c = 0;
            int k = 0;
            for (int l = 1; l <= 16; l++) {
                for (int i = 0; i < bits[l - 1]; i++, k++, c++) {
                    code[vals[k]] = c;
                    len[vals[k]] = l;
                }
                c <<= 1;
            }
        }
    }

    /** Entropy-coded output with 0xFF byte stuffing. */
    private static final class BitWriter {
        private final OutputStream os;
        private final byte[] buf = new byte[1 << 16];
        private int n;
        private long acc;
        private int count;

        BitWriter(OutputStream os) {
            this.os = os;
        }

        void bits(int v, int len) throws IOException {
            acc = acc << len | (v & ((1L << len) - 1));
            count += len;
            while (count >= 8) {
                int b = (int) (acc >> (count - 8)) & 0xFF;
                put(b);
                if (b == 0xFF) {
                    put(0);
                }
                count -= 8;
            }
        }

        void flushBits() throws IOException {
            if (count > 0) {
                bits(0x7F, 8 - count); // pad with ones
            }
        }

        void put(int b) throws IOException {
            if (n == buf.length) {
                os.write(buf, 0, n);
                n = 0;
            }
            buf[n++] = (byte) b;
        }

        void marker(int m) throws IOException {
            put(0xFF);
            put(m);
        }

        void segment(int m, byte[] body) throws IOException {
            marker(m);
            put((body.length + 2) >> 8);
            put((body.length + 2) & 0xFF);
            for (byte b : body) {
                put(b & 0xFF);
            }
        }

        void flush() throws IOException {
            os.write(buf, 0, n);
            n = 0;
            os.flush();
        }
    }
}
