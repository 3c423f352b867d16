package org.trawl.source.iiif;

import java.util.Locale;

/**
 * How a capped image is fetched whole with {@code --full-resolution}: a grid of regions at scale
 * factor 1, each small enough for the server's caps, asked for at exactly its own size.
 *
 * <p>The server's advertised tile size is the starting point (a level-0 server serves nothing else,
 * and the others have those tiles cached); a level 1-2 server, which cuts any region, gets tiles
 * shrunk to fit maxWidth/maxHeight/maxArea when its tiles are larger than its caps.
 *
 * @param widths  the width of each column (the last one is the remainder at the right edge)
 * @param heights the height of each row (the last one is the remainder at the bottom edge)
 */
record TileGrid(ImageService service, int tileWidth, int tileHeight, int[] widths, int[] heights) {

    /**
     * The grid for this service, or null when one request does: nothing is capped below what is
     * wanted (the full size, or -w when given), or the server advertises no tiles at scale factor 1.
     *
     * @param maxWidth the user's -w, or -1
     */
    static TileGrid of(ImageService s, int maxWidth) {
        if (s.tiles() == null || s.width() <= 0 || s.height() <= 0) {
            return null;
        }
        double want = maxWidth > 0 ? Math.min(1.0, (double) maxWidth / s.width()) : 1.0;
        double cap = 1.0;
        if (s.maxWidth() > 0) {
            cap = Math.min(cap, (double) s.maxWidth() / s.width());
        }
        if (s.maxHeight() > 0) {
            cap = Math.min(cap, (double) s.maxHeight() / s.height());
        }
        if (s.maxArea() > 0) {
            cap = Math.min(cap, Math.sqrt((double) s.maxArea() / ((double) s.width() * s.height())));
        }
        if (cap >= want) {
            return null; // the server gives all that is wanted in one request
        }
        int tw = Math.min(s.tiles().width(), s.width());
        int th = Math.min(s.tiles().height(), s.height());
        if (s.level() != 0) {
            if (s.maxWidth() > 0) {
                tw = Math.min(tw, s.maxWidth());
            }
            if (s.maxHeight() > 0) {
                th = Math.min(th, s.maxHeight());
            }
            if (s.maxArea() > 0 && (long) tw * th > s.maxArea()) {
                int side = (int) Math.floor(Math.sqrt((double) s.maxArea()));
                tw = Math.min(tw, side);
                th = (int) Math.min(th, s.maxArea() / tw);
            }
        } else if (s.maxWidth() > 0 && tw > s.maxWidth()
                || s.maxHeight() > 0 && th > s.maxHeight()
                || s.maxArea() > 0 && (long) tw * th > s.maxArea()) {
            return null; // a level-0 server's tiles are the only regions it has, and they are over its own caps
        }
        return new TileGrid(s, tw, th, split(s.width(), tw), split(s.height(), th));
    }

    private static int[] split(int total, int step) {
        int n = (total + step - 1) / step;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = Math.min(step, total - i * step);
        }
        return out;
    }

    int columns() {
        return widths.length;
    }

    int rows() {
        return heights.length;
    }

    int count() {
        return widths.length * heights.length;
    }

    /** The region {@code x,y,w,h} of a tile, as the Image API writes it. */
    String region(int row, int column) {
        return column * tileWidth + "," + row * tileHeight + "," + widths[column] + "," + heights[row];
    }

    /**
     * The URL of one tile at full resolution: the size is the region's own, in the form each version
     * takes ({@code w,} in 1.1 and 2.x, canonical there and accepted at level 0; {@code w,h} in 3.0,
     * where it is canonical and level 0 requires it).
     */
    String url(int row, int column) {
        int w = widths[column];
        int h = heights[row];
        String size = service.version() >= 3 ? w + "," + h : w + ",";
        String quality = service.version() == 1 ? "native" : "default";
        return String.format(Locale.ROOT, "%s/%s/%s/0/%s.jpg", service.id(), region(row, column), size, quality);
    }

    /** The request this image would be if the server had no cap: the notional source of the stitched image. */
    String fullUrl() {
        String size = service.version() >= 3 ? "max" : "full";
        String quality = service.version() == 1 ? "native" : "default";
        return service.id() + "/full/" + size + "/0/" + quality + ".jpg";
    }
}
