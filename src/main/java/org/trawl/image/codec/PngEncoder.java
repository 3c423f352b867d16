package org.trawl.image.codec;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * 8-bit PNG (gray, gray+alpha, RGB or RGBA as the raster has), non-interlaced. Each row gets the
 * filter with the smallest sum of absolute differences (the heuristic libpng recommends), then
 * Deflater at level 6.
 */
public final class PngEncoder {
    private static final int IDAT_SIZE = 1 << 16;

    public void encode(Raster r, OutputStream os) throws IOException {
        os.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        int ct = switch (r.channels()) {
            case 1 -> 0;
            case 2 -> 4;
            case 3 -> 2;
            default -> 6;
        };
        byte[] ihdr = new byte[13];
        be32(ihdr, 0, r.width());
        be32(ihdr, 4, r.height());
        ihdr[8] = 8;
        ihdr[9] = (byte) ct;
        chunk(os, "IHDR", ihdr, ihdr.length);
        int bpp = r.channels();
        int n = r.width() * bpp;
        byte[] prev = new byte[n];
        byte[][] cand = new byte[5][n + 1];
        byte[] out = new byte[IDAT_SIZE];
        Deflater def = new Deflater(6);
        try {
            for (int y = 0; y < r.height(); y++) {
                int off = y * n;
                byte[] row = r.pixels();
                byte[] best = bestFilter(row, off, prev, n, bpp, cand);
                def.setInput(best, 0, n + 1);
                drain(def, os, out, false);
                System.arraycopy(row, off, prev, 0, n);
            }
            def.finish();
            drain(def, os, out, true);
        } finally {
            def.end();
        }
        chunk(os, "IEND", new byte[0], 0);
        os.flush();
    }

    /**
     * The row at {@code off} under each of the five filters, into {@code cand} (the filter type first); the
     * one with the smallest sum of absolute differences.
     */
    private static byte[] bestFilter(byte[] row, int off, byte[] prev, int n, int bpp, byte[][] cand) {
        byte[] best = null;
        long bestSum = Long.MAX_VALUE;
        for (int f = 0; f < 5; f++) {
            byte[] c = cand[f];
            c[0] = (byte) f;
            long sum = 0;
            for (int i = 0; i < n; i++) {
                int x = row[off + i] & 0xFF;
                int a = i >= bpp ? row[off + i - bpp] & 0xFF : 0;
                int b = prev[i] & 0xFF;
                int cc = i >= bpp ? prev[i - bpp] & 0xFF : 0;
                int v = switch (f) {
                    case 0 -> x;
                    case 1 -> x - a;
                    case 2 -> x - b;
                    case 3 -> x - ((a + b) >> 1);
                    default -> x - PngDecoder.paeth(a, b, cc);
                };
                c[i + 1] = (byte) v;
                sum += Math.abs((byte) v);
            }
            if (sum < bestSum) {
                bestSum = sum;
                best = c;
            }
        }
        return best;
    }

    private static void drain(Deflater def, OutputStream os, byte[] out, boolean finish) throws IOException {
        while (finish ? !def.finished() : !def.needsInput()) {
            int k = def.deflate(out);
            if (k > 0) {
                chunk(os, "IDAT", out, k);
            }
        }
    }

    private static void chunk(OutputStream os, String type, byte[] data, int len) throws IOException {
        byte[] head = new byte[8];
        be32(head, 0, len);
        for (int i = 0; i < 4; i++) {
            head[4 + i] = (byte) type.charAt(i);
        }
        CRC32 crc = new CRC32();
        crc.update(head, 4, 4);
        crc.update(data, 0, len);
        os.write(head);
        os.write(data, 0, len);
        byte[] c = new byte[4];
        be32(c, 0, (int) crc.getValue());
        os.write(c);
    }

    private static void be32(byte[] b, int o, int v) {
        b[o] = (byte) (v >> 24);
        b[o + 1] = (byte) (v >> 16);
        b[o + 2] = (byte) (v >> 8);
        b[o + 3] = (byte) v;
    }
}
