package org.trawl.image.codec;

/** Reads the orientation tag (0x0112) from a TIFF-structured EXIF block, in either byte order. */
final class Exif {
    private Exif() {}

    /**
     * @param b   the bytes, {@code off} pointing at the TIFF header ("II*\0" or "MM\0*")
     * @return 1..8, or 1 if absent or malformed
     */
    static int orientation(byte[] b, int off, int len) {
        int end = Math.min(b.length, off + len);
        if (end - off < 8) {
            return 1;
        }
        boolean le;
        if (b[off] == 'I' && b[off + 1] == 'I') {
            le = true;
        } else if (b[off] == 'M' && b[off + 1] == 'M') {
            le = false;
        } else {
            return 1;
        }
        if (u16(b, off + 2, le) != 42) {
            return 1;
        }
        long ifd = u32(b, off + 4, le);
        if (ifd < 8 || off + ifd + 2 > end) {
            return 1;
        }
        int p = off + (int) ifd;
        int count = u16(b, p, le);
        p += 2;
        for (int i = 0; i < count && p + 12 <= end; i++, p += 12) {
            if (u16(b, p, le) == 0x0112) {
                int type = u16(b, p + 2, le);
                // SHORT as the spec says; some writers use LONG. The value is left-justified in the field.
                int v = type == 4 ? (int) u32(b, p + 8, le) : u16(b, p + 8, le);
                return v >= 1 && v <= 8 ? v : 1;
            }
        }
        return 1;
    }

    private static int u16(byte[] b, int p, boolean le) {
        return le ? (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 : (b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF);
    }

    private static long u32(byte[] b, int p, boolean le) {
        return le
                ? (u16(b, p, true) & 0xFFFFL) | (long) u16(b, p + 2, true) << 16
                : (long) u16(b, p, false) << 16 | u16(b, p + 2, false);
    }
}
