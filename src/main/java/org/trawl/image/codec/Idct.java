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

    /**
     * The block at 1/2 or 1/4 scale ({@code unit} 4 or 2 samples a side): the full inverse DCT into
     * {@code tmp} (64), then the mean of each 2x2 or 4x4 square. That is exactly the area average
     * of a full decode, so the final resample starts from the same pixels the reference would. The
     * reduced IDCTs of libjpeg (jidctred) are cheaper but alias; the saving that matters here is
     * downstream anyway: colour conversion and the resampler see a quarter or a sixteenth of the
     * pixels.
     */
    static void blockScaled(
            short[] c, int co, int[] q, int[] v, byte[] tmp, byte[] out, int off, int stride, int unit) {
        block(c, co, q, v, tmp, 0, 8);
        int k = 8 / unit;
        int shift = k == 2 ? 2 : 4;
        int half = 1 << (shift - 1);
        for (int y = 0; y < unit; y++) {
            for (int x = 0; x < unit; x++) {
                int sum = 0;
                for (int yy = y * k; yy < y * k + k; yy++) {
                    int b = yy * 8 + x * k;
                    for (int xx = 0; xx < k; xx++) {
                        sum += tmp[b + xx] & 0xFF;
                    }
                }
                out[off + y * stride + x] = (byte) ((sum + half) >> shift);
            }
        }
    }

    private static byte clamp(int x) {
        return (byte) (x < 0 ? 0 : x > 255 ? 255 : x);
    }
}
