package org.trawl.image.codec;

/**
 * Area-averaging (box filter with exact fractional coverage) downscale, streamed: each input row is
 * resampled horizontally and added to the output row(s) it overlaps, so only one output-sized
 * accumulator row and the output image are held.
 *
 * <p>Why area averaging: trawl downscales photographs by large factors (4000 px to 512 px is 7.8x);
 * averaging every source pixel that lands in a target pixel uses all the information, never
 * aliases, and costs one multiply-add per source sample. Lanczos/Mitchell are sharper for factors
 * below about 2 but need a window of source rows per output row and a few times the work. Alpha is
 * averaged premultiplied, so transparent pixels do not darken the edges of opaque ones.
 */
public final class Downscaler implements RowSink {
    private final int targetW;
    private final int targetH;
    private int width;
    private int height;
    private int ch;
    private boolean alpha;
    private double sy;
    private int[] xStart;
    private float[][] xWeights;
    private float[] hrow;
    private double[] acc;
    private int outY;
    private byte[] out;

    /** Scales to exactly {@code targetW x targetH} (callers compute the size; never larger than the input). */
    public Downscaler(int targetW, int targetH) {
        this.targetW = targetW;
        this.targetH = targetH;
    }

    /** The size that fits {@code w x h} within {@code maxSide} on its longest side, keeping the aspect ratio. */
    public static int[] fit(int w, int h, int maxSide) {
        if (Math.max(w, h) <= maxSide) {
            return new int[] {w, h};
        }
        double s = (double) maxSide / Math.max(w, h);
        return new int[] {
            Math.max(1, Math.min(maxSide, (int) Math.round(w * s))),
            Math.max(1, Math.min(maxSide, (int) Math.round(h * s)))
        };
    }

    @Override
    public void begin(int w, int h, int channels) throws DecodeException {
        if (targetW > w || targetH > h) {
            throw new IllegalArgumentException("never upscales: " + w + "x" + h + " -> " + targetW + "x" + targetH);
        }
        width = w;
        height = h;
        ch = channels;
        alpha = channels == 2 || channels == 4;
        Limits.checkAlloc((long) targetW * targetH * channels, "downscaled image");
        out = new byte[targetW * targetH * channels];
        double sx = (double) w / targetW;
        sy = (double) h / targetH;
        xStart = new int[targetW];
        xWeights = new float[targetW][];
        for (int x = 0; x < targetW; x++) {
            double a = x * sx;
            double b = Math.min(w, (x + 1) * sx);
            int i0 = (int) Math.floor(a);
            int i1 = Math.min(w, (int) Math.ceil(b));
            float[] wt = new float[i1 - i0];
            for (int i = i0; i < i1; i++) {
                wt[i - i0] = (float) ((Math.min(b, i + 1) - Math.max(a, i)) / sx);
            }
            xStart[x] = i0;
            xWeights[x] = wt;
        }
        hrow = new float[targetW * channels];
        acc = new double[targetW * channels];
    }

    @Override
    public void row(byte[] row, int y) {
        horizontal(row);
        double top = y;
        double bottom = y + 1.0;
        while (outY < targetH) {
            double rowEnd = Math.min(height, (outY + 1) * sy);
            double overlap = Math.min(bottom, rowEnd) - Math.max(top, outY * sy);
            if (overlap > 0) {
                double wgt = overlap / sy;
                for (int i = 0; i < acc.length; i++) {
                    acc[i] += wgt * hrow[i];
                }
            }
            if (bottom >= rowEnd - 1e-9) {
                emit();
                outY++;
                if (bottom <= outY * sy + 1e-9) {
                    break;
                }
            } else {
                break;
            }
        }
    }

    private void horizontal(byte[] row) {
        for (int x = 0; x < targetW; x++) {
            float[] wt = xWeights[x];
            int s = xStart[x] * ch;
            int o = x * ch;
            if (ch == 3) { // RGB: one pass over the pixels, not one per channel
                float v0 = 0;
                float v1 = 0;
                float v2 = 0;
                for (int i = 0, p = s; i < wt.length; i++, p += 3) {
                    float w = wt[i];
                    v0 += w * (row[p] & 0xFF);
                    v1 += w * (row[p + 1] & 0xFF);
                    v2 += w * (row[p + 2] & 0xFF);
                }
                hrow[o] = v0;
                hrow[o + 1] = v1;
                hrow[o + 2] = v2;
            } else if (!alpha) {
                for (int c = 0; c < ch; c++) {
                    float v = 0;
                    for (int i = 0, p = s + c; i < wt.length; i++, p += ch) {
                        v += wt[i] * (row[p] & 0xFF);
                    }
                    hrow[o + c] = v;
                }
            } else {
                int ac = ch - 1;
                float va = 0;
                for (int c = 0; c < ac; c++) {
                    hrow[o + c] = 0;
                }
                for (int i = 0, p = s; i < wt.length; i++, p += ch) {
                    float a = wt[i] * (row[p + ac] & 0xFF);
                    va += a;
                    for (int c = 0; c < ac; c++) {
                        hrow[o + c] += a * (row[p + c] & 0xFF);
                    }
                }
                hrow[o + ac] = va;
            }
        }
    }

    private void emit() {
        int base = outY * targetW * ch;
        for (int x = 0; x < targetW; x++) {
            int o = x * ch;
            if (!alpha) {
                for (int c = 0; c < ch; c++) {
                    out[base + o + c] = clamp(acc[o + c]);
                }
            } else {
                int ac = ch - 1;
                double a = acc[o + ac];
                for (int c = 0; c < ac; c++) {
                    out[base + o + c] = a > 1e-6 ? clamp(acc[o + c] / a) : 0;
                }
                out[base + o + ac] = clamp(a);
            }
        }
        java.util.Arrays.fill(acc, 0);
    }

    private static byte clamp(double v) {
        int i = (int) (v + 0.5);
        return (byte) (i < 0 ? 0 : i > 255 ? 255 : i);
    }

    /** The result, once every input row was given. */
    public Raster raster() {
        while (outY < targetH) { // rounding left the last row open
            emit();
            outY++;
        }
        return new Raster(targetW, targetH, ch, out);
    }
}
