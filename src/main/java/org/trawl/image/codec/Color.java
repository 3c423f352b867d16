package org.trawl.image.codec;

/** JFIF YCbCr <-> RGB in 16.16 fixed point (ITU-R BT.601, full range). */
final class Color {
    private Color() {}

    private static final int CR_R = (int) (1.402 * 65536 + 0.5);
    private static final int CB_G = (int) (0.344136 * 65536 + 0.5);
    private static final int CR_G = (int) (0.714136 * 65536 + 0.5);
    private static final int CB_B = (int) (1.772 * 65536 + 0.5);

    static void ycc(int y, int cb, int cr, byte[] out, int o) {
        int yy = (y << 16) + 32768;
        cb -= 128;
        cr -= 128;
        out[o] = clamp((yy + CR_R * cr) >> 16);
        out[o + 1] = clamp((yy - CB_G * cb - CR_G * cr) >> 16);
        out[o + 2] = clamp((yy + CB_B * cb) >> 16);
    }

    private static byte clamp(int x) {
        return (byte) (x < 0 ? 0 : x > 255 ? 255 : x);
    }
}
