package org.trawl.image.codec;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * PNG, every colour type and bit depth, all five filters, Adam7 interlace, to 8-bit rows: gray (1),
 * gray+alpha (2), RGB (3) or RGBA (4); a tRNS chunk adds an alpha channel, a palette expands to RGB(A),
 * 16-bit samples keep their high byte. Chunk CRCs are checked. A non-interlaced image is streamed row
 * by row (two rows in memory); an interlaced one is assembled in full first.
 */
public final class PngDecoder {
    private static final long SIGNATURE = 0x89504E470D0A1A0AL;
    private static final int IHDR = 0x49484452;
    private static final int PLTE = 0x504C5445;
    private static final int TRNS = 0x74524E53;
    private static final int IDAT = 0x49444154;
    private static final int IEND = 0x49454E44;
    private static final int EXIF = 0x65584966;
    /** Adam7 passes: x start, y start, x step, y step. */
    private static final int[][] ADAM7 = {
        {0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}
    };

    /** What the chunks before the image data say. */
    public record Header(
            int width, int height, int bitDepth, int colorType, boolean interlaced, int channels, int orientation) {}

    private final ByteInput in;
    private final CRC32 crc = new CRC32();
    private Header header;
    private byte[] palette; // RGB triples
    private byte[] paletteAlpha;
    private int[] transparent; // tRNS colour key for gray / RGB, full bit depth
    private int orientation = 1;
    /** Bytes left in the current IDAT chunk. */
    private long idatLeft;

    private boolean idatDone;
    private final byte[] feed = new byte[1 << 15];

    public PngDecoder(InputStream in) {
        this.in = new ByteInput(in);
    }

    public Header readHeader() throws IOException {
        if (header != null) {
            return header;
        }
        readSignature();
        Ihdr ihdr = null;
        boolean first = true;
        while (true) {
            long len = u32();
            int type = (int) u32raw();
            if (len > Integer.MAX_VALUE) {
                throw DecodeException.corrupt("bad chunk length");
            }
            if (first && type != IHDR) {
                throw DecodeException.corrupt("PNG does not start with IHDR");
            }
            first = false;
            if (type == IDAT) {
                if (ihdr == null) {
                    throw DecodeException.corrupt("IDAT before IHDR");
                }
                if (ihdr.colorType() == 3 && palette == null) {
                    throw DecodeException.corrupt("palette image without PLTE");
                }
                idatLeft = len;
                break;
            }
            if (type == IEND) {
                throw DecodeException.corrupt("PNG without image data");
            }
            byte[] d = chunkData(type, len);
            if (type == IHDR) {
                ihdr = ihdr(d, len);
            } else {
                keepChunk(type, d, len, ihdr == null ? -1 : ihdr.colorType());
            }
        }
        int ct = ihdr.colorType();
        int channels = switch (ct) {
            case 0 -> transparent != null ? 2 : 1;
            case 2 -> transparent != null ? 4 : 3;
            case 3 -> paletteAlpha != null ? 4 : 3;
            case 4 -> 2;
            default -> 4;
        };
        header = new Header(ihdr.width(), ihdr.height(), ihdr.depth(), ct, ihdr.interlaced(), channels, orientation);
        return header;
    }

    /** The data of a chunk the header needs, its CRC checked; null for a chunk skipped unread. */
    private byte[] chunkData(int type, long len) throws IOException {
        boolean keep = type == IHDR || type == PLTE || type == TRNS || type == EXIF && len <= 1 << 20;
        if (!keep) {
            in.skip(len + 4); // ancillary chunks: not needed, CRC not checked
            return null;
        }
        byte[] d = new byte[(int) len];
        in.readFully(d, 0, d.length);
        crc.update(d);
        checkCrc();
        return d;
    }

    private void readSignature() throws IOException {
        long sig = 0;
        for (int i = 0; i < 8; i++) {
            int b = in.read();
            if (b < 0) {
                throw DecodeException.corrupt("not a PNG");
            }
            sig = sig << 8 | b;
        }
        if (sig != SIGNATURE) {
            throw DecodeException.corrupt("not a PNG (bad signature)");
        }
    }

    private record Ihdr(int width, int height, int depth, int colorType, boolean interlaced) {}

    private static Ihdr ihdr(byte[] d, long len) throws DecodeException {
        if (len != 13) {
            throw DecodeException.corrupt("bad IHDR");
        }
        int w = be32(d, 0);
        int h = be32(d, 4);
        int depth = d[8] & 0xFF;
        int ct = d[9] & 0xFF;
        boolean interlaced = d[12] == 1;
        if (d[10] != 0 || d[11] != 0 || (d[12] & 0xFF) > 1 || !validDepth(ct, depth)) {
            throw DecodeException.corrupt("bad IHDR (colour type " + ct + ", depth " + depth + ")");
        }
        Limits.checkSize(w & 0xFFFFFFFFL, h & 0xFFFFFFFFL);
        return new Ihdr(w, h, depth, ct, interlaced);
    }

    /** What a chunk before the image data says beyond IHDR: the palette, transparency, EXIF orientation. */
    private void keepChunk(int type, byte[] d, long len, int ct) throws DecodeException {
        if (type == PLTE) {
            if (len % 3 != 0 || len > 768) {
                throw DecodeException.corrupt("bad PLTE");
            }
            palette = d;
        } else if (type == TRNS) {
            if (ct == 3) {
                paletteAlpha = d;
            } else if (ct == 0 && len >= 2) {
                transparent = new int[] {be16(d, 0)};
            } else if (ct == 2 && len >= 6) {
                transparent = new int[] {be16(d, 0), be16(d, 2), be16(d, 4)};
            }
        } else if (type == EXIF) {
            orientation = Exif.orientation(d, 0, d.length);
        }
    }

    private static boolean validDepth(int ct, int d) {
        return switch (ct) {
            case 0 -> d == 1 || d == 2 || d == 4 || d == 8 || d == 16;
            case 3 -> d == 1 || d == 2 || d == 4 || d == 8;
            case 2, 4, 6 -> d == 8 || d == 16;
            default -> false;
        };
    }

    public void decode(RowSink sink) throws IOException {
        Header hd = readHeader();
        int w = hd.width;
        int h = hd.height;
        int samples = switch (hd.colorType) {
            case 0, 3 -> 1;
            case 2 -> 3;
            case 4 -> 2;
            default -> 4;
        };
        int bitsPerPixel = samples * hd.bitDepth;
        int bpp = Math.max(1, bitsPerPixel / 8);
        Inflater inf = new Inflater();
        try {
            sink.begin(w, h, hd.channels);
            byte[] out = new byte[w * hd.channels];
            if (!hd.interlaced) {
                streamRows(inf, sink, out, bitsPerPixel, bpp);
            } else {
                byte[] full = deinterlace(inf, bitsPerPixel, bpp);
                int n = w * hd.channels;
                for (int y = 0; y < h; y++) {
                    System.arraycopy(full, y * n, out, 0, n);
                    sink.row(out, y);
                }
            }
        } finally {
            inf.end();
        }
        finish();
    }

    /** A non-interlaced image, row by row to the sink: two rows in memory. */
    private void streamRows(Inflater inf, RowSink sink, byte[] out, int bitsPerPixel, int bpp) throws IOException {
        int w = header.width;
        int rowBytes = (int) (((long) w * bitsPerPixel + 7) / 8);
        byte[] cur = new byte[rowBytes + 1];
        byte[] prev = new byte[rowBytes + 1];
        for (int y = 0; y < header.height; y++) {
            inflate(inf, cur);
            unfilter(cur, prev, rowBytes, bpp);
            expand(cur, w, out, 0, 1);
            sink.row(out, y);
            byte[] t = cur;
            cur = prev;
            prev = t;
        }
    }

    /** An Adam7-interlaced image assembled in full from its seven passes. */
    private byte[] deinterlace(Inflater inf, int bitsPerPixel, int bpp) throws IOException {
        int w = header.width;
        int h = header.height;
        int channels = header.channels;
        Limits.checkAlloc((long) w * h * channels, "interlaced PNG");
        byte[] full = new byte[w * h * channels];
        for (int[] p : ADAM7) {
            int pw = (w - p[0] + p[2] - 1) / p[2];
            int ph = (h - p[1] + p[3] - 1) / p[3];
            if (pw <= 0 || ph <= 0) {
                continue;
            }
            int rowBytes = (int) (((long) pw * bitsPerPixel + 7) / 8);
            byte[] cur = new byte[rowBytes + 1];
            byte[] prev = new byte[rowBytes + 1];
            for (int py = 0; py < ph; py++) {
                inflate(inf, cur);
                unfilter(cur, prev, rowBytes, bpp);
                int y = p[1] + py * p[3];
                expand(cur, pw, full, (y * w + p[0]) * channels, p[2]);
                byte[] t = cur;
                cur = prev;
                prev = t;
            }
        }
        return full;
    }

    /** Reads past the image data to IEND, checking each chunk's CRC: a truncated file is an error. */
    private void finish() throws IOException {
        while (!idatDone) {
            if (idatLeft > 0) {
                int n = (int) Math.min(idatLeft, feed.length);
                in.readFully(feed, 0, n);
                crc.update(feed, 0, n);
                idatLeft -= n;
            } else {
                nextIdat();
            }
        }
        long len = afterLen;
        int type = afterType;
        while (true) {
            if (type == IEND) {
                checkCrc();
                return;
            }
            in.skip(len + 4);
            len = u32();
            type = (int) u32raw();
        }
    }

    /** Fills {@code row} (filter byte + data) from the zlib stream spread over the IDAT chunks. */
    private void inflate(Inflater inf, byte[] row) throws IOException {
        int off = 0;
        int stalls = 0;
        while (off < row.length) {
            int n;
            try {
                n = inf.inflate(row, off, row.length - off);
            } catch (DataFormatException e) {
                throw DecodeException.corrupt("corrupt PNG data: " + e.getMessage());
            }
            off += n;
            if (n == 0) {
                if (inf.finished()) {
                    throw DecodeException.corrupt("PNG image data ends early");
                }
                if (inf.needsDictionary()) {
                    throw DecodeException.corrupt("corrupt PNG data (preset dictionary)");
                }
                if (inf.needsInput()) {
                    inf.setInput(feed, 0, nextInput());
                } else if (++stalls > 1000) {
                    throw DecodeException.corrupt("corrupt PNG data");
                }
            }
        }
    }

    private int nextInput() throws IOException {
        while (idatLeft == 0) {
            if (idatDone) {
                throw DecodeException.corrupt("PNG image data ends early");
            }
            nextIdat();
            if (idatDone) {
                throw DecodeException.corrupt("PNG image data ends early");
            }
        }
        int n = (int) Math.min(idatLeft, feed.length);
        in.readFully(feed, 0, n);
        crc.update(feed, 0, n);
        idatLeft -= n;
        return n;
    }

    /** At the end of an IDAT chunk: check its CRC and step into the next one, if the next chunk is one. */
    private void nextIdat() throws IOException {
        checkCrc();
        long len = u32();
        int type = (int) u32raw();
        if (type == IDAT) {
            idatLeft = len;
        } else {
            idatDone = true;
            afterLen = len; // the chunk after the data (usually IEND), its body not read yet
            afterType = type;
        }
    }

    private long afterLen;
    private int afterType;

    private void checkCrc() throws IOException {
        long got = crc.getValue();
        long want = u32();
        if (want != got) {
            throw DecodeException.corrupt("PNG chunk CRC mismatch");
        }
    }

    /** A chunk length, and starts the CRC over the type that follows. */
    private long u32() throws IOException {
        long v = (long) in.u16() << 16 | in.u16();
        crc.reset();
        return v;
    }

    /** A chunk type: part of the CRC. */
    private long u32raw() throws IOException {
        long v = 0;
        for (int i = 0; i < 4; i++) {
            int b = in.u8();
            crc.update(b);
            v = v << 8 | b;
        }
        return v;
    }

    private static int be32(byte[] d, int o) {
        return (d[o] & 0xFF) << 24 | (d[o + 1] & 0xFF) << 16 | (d[o + 2] & 0xFF) << 8 | (d[o + 3] & 0xFF);
    }

    private static int be16(byte[] d, int o) {
        return (d[o] & 0xFF) << 8 | (d[o + 1] & 0xFF);
    }

    private static void unfilter(byte[] cur, byte[] prev, int n, int bpp) throws DecodeException {
        int f = cur[0];
        switch (f) {
            case 0 -> {}
            case 1 -> {
                for (int i = 1 + bpp; i <= n; i++) {
                    cur[i] += cur[i - bpp];
                }
            }
            case 2 -> {
                for (int i = 1; i <= n; i++) {
                    cur[i] += prev[i];
                }
            }
            case 3 -> {
                for (int i = 1; i <= n; i++) {
                    int left = i > bpp ? cur[i - bpp] & 0xFF : 0;
                    cur[i] += (byte) ((left + (prev[i] & 0xFF)) >> 1);
                }
            }
            case 4 -> {
                for (int i = 1; i <= n; i++) {
                    int a = i > bpp ? cur[i - bpp] & 0xFF : 0;
                    int b = prev[i] & 0xFF;
                    int c = i > bpp ? prev[i - bpp] & 0xFF : 0;
                    cur[i] += (byte) paeth(a, b, c);
                }
            }
            default -> throw DecodeException.corrupt("bad PNG filter type " + f);
        }
    }

    static int paeth(int a, int b, int c) {
        int p = a + b - c;
        int pa = Math.abs(p - a);
        int pb = Math.abs(p - b);
        int pc = Math.abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    /** One unfiltered row (data from cur[1]) of {@code w} pixels to 8-bit output pixels, every {@code step}-th. */
    private void expand(byte[] cur, int w, byte[] out, int o, int step) throws DecodeException {
        Header hd = header;
        int depth = hd.bitDepth;
        int ch = hd.channels;
        int skip = (step - 1) * ch;
        switch (hd.colorType) {
            case 0, 3 -> {
                int max = (1 << depth) - 1;
                for (int x = 0; x < w; x++, o += skip) {
                    int v;
                    if (depth == 16) {
                        v = (cur[1 + 2 * x] & 0xFF) << 8 | (cur[2 + 2 * x] & 0xFF);
                    } else if (depth == 8) {
                        v = cur[1 + x] & 0xFF;
                    } else {
                        int bit = x * depth;
                        v = (cur[1 + (bit >> 3)] & 0xFF) >> (8 - depth - (bit & 7)) & max;
                    }
                    if (hd.colorType == 3) {
                        if (v * 3 + 2 >= palette.length) {
                            throw DecodeException.corrupt("palette index out of range");
                        }
                        out[o++] = palette[v * 3];
                        out[o++] = palette[v * 3 + 1];
                        out[o++] = palette[v * 3 + 2];
                        if (ch == 4) {
                            out[o++] = v < paletteAlpha.length ? paletteAlpha[v] : (byte) 255;
                        }
                    } else {
                        out[o++] = (byte) (depth == 16 ? v >> 8 : v * 255 / max);
                        if (ch == 2) {
                            out[o++] = (byte) (v == transparent[0] ? 0 : 255);
                        }
                    }
                }
            }
            default -> {
                int samples = hd.colorType == 2 ? 3 : hd.colorType == 4 ? 2 : 4;
                boolean wide = depth == 16;
                for (int x = 0; x < w; x++, o += skip) {
                    int base = 1 + x * samples * (wide ? 2 : 1);
                    boolean keyed = transparent != null;
                    for (int s = 0; s < samples; s++) {
                        int i = base + s * (wide ? 2 : 1);
                        out[o++] = cur[i];
                        if (keyed) {
                            int v = wide ? (cur[i] & 0xFF) << 8 | (cur[i + 1] & 0xFF) : cur[i] & 0xFF;
                            keyed = v == transparent[s];
                        }
                    }
                    if (transparent != null) {
                        out[o++] = (byte) (keyed ? 0 : 255);
                    }
                }
            }
        }
    }
}
