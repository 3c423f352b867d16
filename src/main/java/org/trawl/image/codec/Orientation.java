package org.trawl.image.codec;

/** Applies an EXIF orientation (1..8) to pixels, so the result is upright and needs no tag. */
public final class Orientation {
    private Orientation() {}

    /** True for orientations that swap width and height (5..8). */
    public static boolean transposes(int orientation) {
        return orientation >= 5 && orientation <= 8;
    }

    public static Raster apply(Raster r, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return r;
        }
        int w = r.width();
        int h = r.height();
        int ch = r.channels();
        boolean t = transposes(orientation);
        int dw = t ? h : w;
        int dh = t ? w : h;
        byte[] src = r.pixels();
        byte[] dst = new byte[src.length];
        for (int dy = 0; dy < dh; dy++) {
            for (int dx = 0; dx < dw; dx++) {
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> {
                        sx = w - 1 - dx;
                        sy = dy;
                    }
                    case 3 -> {
                        sx = w - 1 - dx;
                        sy = h - 1 - dy;
                    }
                    case 4 -> {
                        sx = dx;
                        sy = h - 1 - dy;
                    }
                    case 5 -> {
                        sx = dy;
                        sy = dx;
                    }
                    case 6 -> {
                        sx = dy;
                        sy = h - 1 - dx;
                    }
                    case 7 -> {
                        sx = w - 1 - dy;
                        sy = h - 1 - dx;
                    }
                    default -> {
                        sx = w - 1 - dy;
                        sy = dx;
                    }
                }
                System.arraycopy(src, (sy * w + sx) * ch, dst, (dy * dw + dx) * ch, ch);
            }
        }
        return new Raster(dw, dh, ch, dst);
    }
}
