package org.trawl.image.codec;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.trawl.image.ImageFormat;

/**
 * Joins a grid of tiles (JPEG or PNG files) into one baseline JPEG, one row of tiles at a time: the
 * tiles of a row are decoded, their scanlines joined and streamed into the encoder, then dropped. The
 * memory is one row of decoded tiles plus the encoder's band, whatever the height of the image (a
 * 10000x15000 page from 512-px tiles holds about 15 MB, not the 450 MB of its raster).
 *
 * <p>The output is always RGB (a gray tile is expanded, alpha composited on white), so tiles that
 * differ in kind still make one image.
 */
public final class TileStitcher {
    /** A tile that is not what the grid expects: unreadable, or not the size asked for. */
    public static final class TileException extends IOException {
        private final int row;
        private final int column;

        TileException(int row, int column, String message) {
            super(message);
            this.row = row;
            this.column = column;
        }

        public int row() {
            return row;
        }

        public int column() {
            return column;
        }
    }

    private final int quality;

    public TileStitcher(int quality) {
        this.quality = quality;
    }

    /**
     * @param tiles    tiles.get(row).get(column): the files, left to right, top to bottom
     * @param widths   the width of each column of tiles (they add up to the image width)
     * @param heights  the height of each row of tiles (they add up to the image height)
     */
    public void stitch(List<List<Path>> tiles, int[] widths, int[] heights, OutputStream out) throws IOException {
        int width = 0;
        for (int w : widths) {
            width += w;
        }
        int height = 0;
        for (int h : heights) {
            height += h;
        }
        JpegEncoder.RowWriter writer = new JpegEncoder(quality).open(width, height, 3, null, out);
        byte[] line = new byte[width * 3];
        for (int r = 0; r < heights.length; r++) {
            Raster[] row = new Raster[widths.length];
            for (int c = 0; c < widths.length; c++) {
                row[c] = decode(tiles.get(r).get(c), r, c);
                if (row[c].width() != widths[c] || row[c].height() != heights[r]) {
                    throw new TileException(
                            r,
                            c,
                            "tile is " + row[c].width() + "x" + row[c].height() + ", expected " + widths[c] + "x"
                                    + heights[r]);
                }
            }
            for (int y = 0; y < heights[r]; y++) {
                int x0 = 0;
                for (int c = 0; c < widths.length; c++) {
                    toRgb(row[c], y, line, x0 * 3);
                    x0 += widths[c];
                }
                writer.row(line);
            }
        }
        writer.finish();
    }

    private static Raster decode(Path file, int r, int c) throws IOException {
        Optional<ImageFormat> format = Codec.sniff(file);
        if (format.isEmpty() || format.get() != ImageFormat.JPEG && format.get() != ImageFormat.PNG) {
            throw new TileException(r, c, "tile is not a JPEG or PNG");
        }
        Raster.Collector collector = new Raster.Collector();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            if (format.get() == ImageFormat.JPEG) {
                new JpegDecoder(in).decode(collector);
            } else {
                new PngDecoder(in).decode(collector);
            }
        } catch (DecodeException e) {
            throw new TileException(r, c, "tile does not decode: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new TileException(
                    r, c, "tile does not decode (" + e.getClass().getSimpleName() + ")");
        }
        return collector.raster();
    }

    /** Row {@code y} of a tile as RGB into {@code line} at {@code off}. */
    private static void toRgb(Raster t, int y, byte[] line, int off) {
        byte[] p = t.pixels();
        int ch = t.channels();
        int i = y * t.width() * ch;
        int o = off;
        for (int x = 0; x < t.width(); x++, i += ch) {
            int r;
            int g;
            int b;
            if (ch >= 3) {
                r = p[i] & 0xFF;
                g = p[i + 1] & 0xFF;
                b = p[i + 2] & 0xFF;
            } else {
                r = g = b = p[i] & 0xFF;
            }
            if (ch == 2 || ch == 4) {
                int a = p[i + ch - 1] & 0xFF;
                r = (r * a + 255 * (255 - a) + 127) / 255;
                g = (g * a + 255 * (255 - a) + 127) / 255;
                b = (b * a + 255 * (255 - a) + 127) / 255;
            }
            line[o++] = (byte) r;
            line[o++] = (byte) g;
            line[o++] = (byte) b;
        }
    }
}
