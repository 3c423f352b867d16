package org.trawl.image.codec;

/**
 * Places a raster on a canvas of another size: the crop of {@code center-crop} (a canvas smaller than the
 * image, at a negative offset) and the border of {@code pad} (a larger canvas of the pad colour). One
 * copy per row; the pad is opaque (alpha 255) so a PNG's border shows its colour.
 */
final class Canvas {
    private Canvas() {}

    /**
     * @param ox     where the image's left edge lands on the canvas (negative: that many columns cut)
     * @param oy     where its top edge lands
     * @param padRgb the colour of canvas pixels the image does not cover, 0xRRGGBB
     */
    static Raster place(Raster r, int cw, int ch, int ox, int oy, int padRgb) throws DecodeException {
        boolean covers = ox <= 0 && oy <= 0 && ox + r.width() >= cw && oy + r.height() >= ch;
        int pr = (padRgb >> 16) & 0xFF, pg = (padRgb >> 8) & 0xFF, pb = padRgb & 0xFF;
        // a gray image padded with a colour becomes RGB, or the border would lose its colour
        boolean toRgb = !covers && r.channels() < 3 && !(pr == pg && pg == pb);
        Raster src = toRgb ? rgb(r) : r;
        int c = src.channels();
        Limits.checkAlloc((long) cw * ch * c, "canvas");
        byte[] out = new byte[cw * ch * c];
        if (!covers) {
            byte[] px = pixel(c, pr, pg, pb);
            for (int i = 0; i < out.length; i += c) {
                System.arraycopy(px, 0, out, i, c);
            }
        }
        int x0 = Math.max(0, ox), x1 = Math.min(cw, ox + src.width());
        int y0 = Math.max(0, oy), y1 = Math.min(ch, oy + src.height());
        if (x1 > x0) {
            for (int y = y0; y < y1; y++) {
                System.arraycopy(
                        src.pixels(), ((y - oy) * src.width() + (x0 - ox)) * c, out, (y * cw + x0) * c, (x1 - x0) * c);
            }
        }
        return new Raster(cw, ch, c, out);
    }

    private static byte[] pixel(int c, int r, int g, int b) {
        return switch (c) {
            case 1 -> new byte[] {(byte) r};
            case 2 -> new byte[] {(byte) r, (byte) 255};
            case 3 -> new byte[] {(byte) r, (byte) g, (byte) b};
            default -> new byte[] {(byte) r, (byte) g, (byte) b, (byte) 255};
        };
    }

    /** Gray (and alpha) as RGB (and alpha). */
    private static Raster rgb(Raster r) throws DecodeException {
        int c = r.channels(), n = r.width() * r.height();
        int oc = c == 2 ? 4 : 3;
        Limits.checkAlloc((long) n * oc, "canvas");
        byte[] out = new byte[n * oc];
        byte[] p = r.pixels();
        for (int i = 0; i < n; i++) {
            byte v = p[i * c];
            out[i * oc] = v;
            out[i * oc + 1] = v;
            out[i * oc + 2] = v;
            if (oc == 4) {
                out[i * oc + 3] = p[i * c + 1];
            }
        }
        return new Raster(r.width(), r.height(), oc, out);
    }
}
