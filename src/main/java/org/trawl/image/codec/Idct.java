package org.trawl.image.codec;

/**
 * The 8x8 inverse DCT in 32-bit fixed point (the Loeffler/libjpeg "islow" factorisation, as in
 * stb_image), with a shortcut for the common columns whose AC terms are all zero.
 */
final class Idct {
    private Idct() {}

    private static int f2f(double x) {
        return (int) (x * 4096 + 0.5);
    }

    private static final int C0_541 = f2f(0.5411961);
    private static final int C1_847 = f2f(-1.847759065);
    private static final int C0_765 = f2f(0.765366865);
    private static final int C1_175 = f2f(1.175875602);
    private static final int C0_298 = f2f(0.298631336);
    private static final int C2_053 = f2f(2.053119869);
    private static final int C3_072 = f2f(3.072711026);
    private static final int C1_501 = f2f(1.501321110);
    private static final int C0_899 = f2f(-0.899976223);
    private static final int C2_562 = f2f(-2.562915447);
    private static final int C1_961 = f2f(-1.961570560);
    private static final int C0_390 = f2f(-0.390180644);

    /**
     * Quantised coefficients ({@code c[co..co+63]}, natural order) times {@code q} to 8x8 samples at
     * {@code out[off + y*stride + x]}; {@code v} is scratch (64). Dequantising here, only for the
     * columns that have AC terms, skips most multiplications: most coefficients are zero.
     */
    static void block(short[] c, int co, int[] q, int[] v, byte[] out, int off, int stride) {
        for (int i = 0; i < 8; i++) {
            int ci = co + i;
            if (c[ci + 8] == 0
                    && c[ci + 16] == 0
                    && c[ci + 24] == 0
                    && c[ci + 32] == 0
                    && c[ci + 40] == 0
                    && c[ci + 48] == 0
                    && c[ci + 56] == 0) {
                int dc = c[ci] * q[i] * 4;
                for (int k = 0; k < 64; k += 8) {
                    v[k + i] = dc;
                }
                continue;
            }
            int s0 = c[ci] * q[i], s1 = c[ci + 8] * q[8 + i], s2 = c[ci + 16] * q[16 + i];
            int s3 = c[ci + 24] * q[24 + i], s4 = c[ci + 32] * q[32 + i], s5 = c[ci + 40] * q[40 + i];
            int s6 = c[ci + 48] * q[48 + i], s7 = c[ci + 56] * q[56 + i];
            int p2 = s2, p3 = s6;
            int p1 = (p2 + p3) * C0_541;
            int t2 = p1 + p3 * C1_847;
            int t3 = p1 + p2 * C0_765;
            int t0 = (s0 + s4) << 12;
            int t1 = (s0 - s4) << 12;
            int x0 = t0 + t3, x3 = t0 - t3, x1 = t1 + t2, x2 = t1 - t2;
            t0 = s7;
            t1 = s5;
            t2 = s3;
            t3 = s1;
            p3 = t0 + t2;
            int p4 = t1 + t3;
            p1 = t0 + t3;
            p2 = t1 + t2;
            int p5 = (p3 + p4) * C1_175;
            t0 *= C0_298;
            t1 *= C2_053;
            t2 *= C3_072;
            t3 *= C1_501;
            p1 = p5 + p1 * C0_899;
            p2 = p5 + p2 * C2_562;
            p3 *= C1_961;
            p4 *= C0_390;
            t3 += p1 + p4;
            t2 += p2 + p3;
            t1 += p2 + p4;
            t0 += p1 + p3;
            x0 += 512;
            x1 += 512;
            x2 += 512;
            x3 += 512;
            v[i] = (x0 + t3) >> 10;
            v[56 + i] = (x0 - t3) >> 10;
            v[8 + i] = (x1 + t2) >> 10;
            v[48 + i] = (x1 - t2) >> 10;
            v[16 + i] = (x2 + t1) >> 10;
            v[40 + i] = (x2 - t1) >> 10;
            v[24 + i] = (x3 + t0) >> 10;
            v[32 + i] = (x3 - t0) >> 10;
        }
        for (int r = 0; r < 8; r++) {
            int b = r * 8;
            int o = off + r * stride;
            int p2 = v[b + 2], p3 = v[b + 6];
            int p1 = (p2 + p3) * C0_541;
            int t2 = p1 + p3 * C1_847;
            int t3 = p1 + p2 * C0_765;
            int t0 = (v[b] + v[b + 4]) << 12;
            int t1 = (v[b] - v[b + 4]) << 12;
            int x0 = t0 + t3, x3 = t0 - t3, x1 = t1 + t2, x2 = t1 - t2;
            t0 = v[b + 7];
            t1 = v[b + 5];
            t2 = v[b + 3];
            t3 = v[b + 1];
            p3 = t0 + t2;
            int p4 = t1 + t3;
            p1 = t0 + t3;
            p2 = t1 + t2;
            int p5 = (p3 + p4) * C1_175;
            t0 *= C0_298;
            t1 *= C2_053;
            t2 *= C3_072;
            t3 *= C1_501;
            p1 = p5 + p1 * C0_899;
            p2 = p5 + p2 * C2_562;
            p3 *= C1_961;
            p4 *= C0_390;
            t3 += p1 + p4;
            t2 += p2 + p3;
            t1 += p2 + p4;
            t0 += p1 + p3;
            int bias = 65536 + (128 << 17);
            x0 += bias;
            x1 += bias;
            x2 += bias;
            x3 += bias;
            out[o] = clamp((x0 + t3) >> 17);
            out[o + 7] = clamp((x0 - t3) >> 17);
            out[o + 1] = clamp((x1 + t2) >> 17);
            out[o + 6] = clamp((x1 - t2) >> 17);
            out[o + 2] = clamp((x2 + t1) >> 17);
            out[o + 5] = clamp((x2 - t1) >> 17);
            out[o + 3] = clamp((x3 + t0) >> 17);
            out[o + 4] = clamp((x3 - t0) >> 17);
        }
    }

    /** Fixed-point scale of {@link #MEAN}. */
    private static final int MEAN_BITS = 13;

    /**
     * MEAN[unit / 2][y * 8 + u]: the mean of the 1-D IDCT basis function u over output square y
     * (of {@code unit} squares a side), times C(u)/2 and 2^13. The mean of an IDCT'd block over a
     * square is a linear function of its coefficients, so it is computed straight from them.
     */
    private static final int[][] MEAN = new int[3][];

    static {
        for (int unit : new int[] {2, 4}) {
            int k = 8 / unit;
            int[] m = new int[unit * 8];
            for (int y = 0; y < unit; y++) {
                for (int u = 0; u < 8; u++) {
                    double sum = 0;
                    for (int n = y * k; n < y * k + k; n++) {
                        sum += Math.cos((2 * n + 1) * u * Math.PI / 16);
                    }
                    double cu = u == 0 ? Math.sqrt(0.5) : 1;
                    m[y * 8 + u] = (int) Math.round(sum / k * cu / 2 * (1 << MEAN_BITS));
                }
            }
            MEAN[unit / 2] = m;
        }
    }

    /**
     * The block at 1/2 or 1/4 scale ({@code unit} 4 or 2 samples a side): each sample the mean of
     * its 2x2 or 4x4 square of the full inverse DCT, so the final resample starts from the pixels an
     * area average of the full decode has (up to clamping: the mean is taken before it). Computed
     * as two small matrix products that skip the all-zero columns, about half the work of the
     * 8x8 IDCT at 1/4 and a fifth at 1/2 for a typical photo. libjpeg's reduced IDCTs (jidctred)
     * are cheaper still but sample rather than average, and alias. {@code v} is scratch (64).
     */
    static void blockScaled(short[] c, int co, int[] q, int[] v, byte[] out, int off, int stride, int unit) {
        int[] m = MEAN[unit / 2];
        for (int col = 0; col < 8; col++) {
            int ci = co + col;
            boolean zero = true;
            for (int u = 1; u < 8; u++) {
                if (c[ci + u * 8] != 0) {
                    zero = false;
                    break;
                }
            }
            int f0 = c[ci] * q[col];
            if (zero) { // the common case: only the top row of this column is set
                for (int y = 0; y < unit; y++) {
                    v[y * 8 + col] = f0 * m[y * 8] >> 4;
                }
                continue;
            }
            for (int y = 0; y < unit; y++) {
                long t = (long) f0 * m[y * 8];
                for (int u = 1; u < 8; u++) {
                    int f = c[ci + u * 8];
                    if (f != 0) {
                        t += (long) f * q[u * 8 + col] * m[y * 8 + u];
                    }
                }
                v[y * 8 + col] = (int) (t >> 4); // keeps 9 fraction bits: (2^13) / 2^4
            }
        }
        // rows: 2^(13 - 4) from the columns, 2^13 here; +128 level shift
        int shift = MEAN_BITS - 4 + MEAN_BITS;
        long bias = (128L << shift) + (1L << (shift - 1));
        for (int y = 0; y < unit; y++) {
            int b = y * 8;
            int o = off + y * stride;
            for (int x = 0; x < unit; x++) {
                long t = bias;
                int mx = x * 8;
                for (int u = 0; u < 8; u++) {
                    int f = v[b + u];
                    if (f != 0) {
                        t += (long) f * m[mx + u];
                    }
                }
                int s = (int) (t >> shift);
                out[o + x] = (byte) (s < 0 ? 0 : s > 255 ? 255 : s);
            }
        }
    }

    private static byte clamp(int x) {
        return (byte) (x < 0 ? 0 : x > 255 ? 255 : x);
    }
}
