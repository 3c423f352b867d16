package org.trawl.image;

import java.io.EOFException;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Format and stored pixel dimensions of an image file, read from its header only: no pixel decoding,
 * no javax.imageio/AWT (works in a native image). EXIF orientation and HEIF rotation are not applied.
 *
 * @param width  pixels, or -1 if the header could not be parsed (truncated, malformed)
 * @param height pixels, or -1 likewise
 */
public record ImageInfo(ImageFormat format, int width, int height) {

    /** Bytes handed to {@link ImageFormat#sniff}: more than SNIFF_BYTES so HEIF sees all its ftyp brands. */
    private static final int HEAD_BYTES = 256;
    /** A HEIF 'meta' box is normally a few KB; refuse to buffer absurd ones. */
    private static final int MAX_META = 16 << 20;

    public ImageInfo {
        Objects.requireNonNull(format, "format");
    }

    /**
     * Reads the header of the file; width/height are -1 when the header is not parseable (truncated etc.).
     * Throws IOException only on I/O errors. Returns Optional.empty() if the file is not a recognised image.
     * Reads only what is needed: segments and boxes are skipped by seeking.
     */
    public static Optional<ImageInfo> read(Path file) throws IOException {
        try (SeekableByteChannel ch = Files.newByteChannel(file)) {
            In in = new In(ch);
            byte[] head = new byte[(int) Math.min(HEAD_BYTES, in.size)];
            for (int i = 0; i < head.length; i++) {
                head[i] = (byte) in.u8();
            }
            Optional<ImageFormat> format = ImageFormat.sniff(head, head.length);
            if (format.isEmpty()) {
                return Optional.empty();
            }
            int[] dims;
            try {
                dims = dimensions(format.get(), head, in);
            } catch (EOFException | BufferUnderflowException | IndexOutOfBoundsException e) {
                dims = null; // truncated or malformed header
            }
            return Optional.of(
                    dims == null ? new ImageInfo(format.get(), -1, -1) : new ImageInfo(format.get(), dims[0], dims[1]));
        }
    }

    /** {width, height} (each -1 if out of range), or null if not found. EOFException = truncated/malformed. */
    private static int[] dimensions(ImageFormat format, byte[] head, In in) throws IOException {
        switch (format) {
            case JPEG:
                return jpeg(in);
            case PNG:
                return png(in);
            case GIF:
                in.le = true;
                in.seek(6); // logical screen descriptor
                return dims(in.u16(), in.u16());
            case WEBP:
                return webp(in);
            case TIFF:
                return tiff(in, head[0] == 'I');
            case BMP:
                return bmp(in);
            case JP2:
                return jp2(in, (head[0] & 0xFF) == 0xFF);
            case DICOM:
                return null; // Rows/Columns sit in the tagged dataset; not parsed (yet), so -1 x -1
            default:
                return heif(in); // HEIC, AVIF
        }
    }

    private static int[] jpeg(In in) throws IOException {
        in.seek(2); // after SOI
        while (true) {
            // Tolerate a little junk between segments (libjpeg does too), then any number of 0xFF fill bytes.
            for (int junk = 0; in.u8() != 0xFF; junk++) {
                if (junk > 4096) {
                    return null;
                }
            }
            int m = in.u8();
            while (m == 0xFF) {
                m = in.u8();
            }
            if (m == 0x00 || m == 0x01 || m >= 0xD0 && m <= 0xD8) {
                continue; // stuffed zero, TEM, RSTn, SOI: standalone markers without a length
            }
            if (m == 0xD9 || m == 0xDA) {
                return null; // EOI or start of scan before any SOF
            }
            int len = in.u16(); // includes its own two bytes
            if (len < 2) {
                throw new EOFException("bad JPEG segment length");
            }
            // SOF0..SOF15 carry the frame size; C4 (DHT), C8 (JPG extension) and CC (DAC) share the range.
            if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
                in.skip(1); // sample precision
                int h = in.u16(); // 0 = height defined later by a DNL marker: reported as -1
                return dims(in.u16(), h);
            }
            in.skip(len - 2); // APPn (EXIF, ICC, XMP...), DQT, DHT, COM...: seek past, never read
        }
    }

    private static int[] png(In in) throws IOException {
        in.seek(8);
        // IHDR must be first, except in Apple's iOS-optimised PNGs, which put a 'CgBI' chunk before it.
        for (int i = 0; i < 4; i++) {
            long len = in.u32();
            if (in.tag() == tag("IHDR")) {
                return dims(in.u32(), in.u32());
            }
            in.skip(len + 4); // data + CRC
        }
        return null;
    }

    private static int[] webp(In in) throws IOException {
        in.le = true;
        in.seek(12); // after "RIFF" size "WEBP": first chunk header, data at 20
        int chunk = in.tag();
        if (chunk == tag("VP8 ")) {
            // Lossy: 3-byte frame tag, start code 9D 01 2A, then 14-bit width/height (top 2 bits = scaling).
            in.seek(23);
            if (in.u8() != 0x9D || in.u8() != 0x01 || in.u8() != 0x2A) {
                return null;
            }
            return dims(in.u16() & 0x3FFF, in.u16() & 0x3FFF);
        }
        if (chunk == tag("VP8L")) {
            // Lossless: signature 0x2F, then a LE bit field: width-1 (14 bits), height-1 (14 bits), alpha, version.
            in.seek(20);
            if (in.u8() != 0x2F) {
                return null;
            }
            long bits = in.u32();
            return dims((bits & 0x3FFF) + 1, (bits >> 14 & 0x3FFF) + 1);
        }
        if (chunk == tag("VP8X")) {
            // Extended: flags(1) reserved(3), canvas width-1 and height-1 as 24-bit LE.
            in.seek(24);
            return dims(in.u24() + 1, in.u24() + 1);
        }
        return null;
    }

    private static int[] tiff(In in, boolean littleEndian) throws IOException {
        in.le = littleEndian;
        in.seek(2);
        boolean big = in.u16() == 43; // BigTIFF: 8-byte offsets and counts, 20-byte IFD entries
        long ifd;
        if (big) {
            in.skip(4); // offset byte size (8) + reserved
            ifd = in.u64();
        } else {
            ifd = in.u32();
        }
        in.seek(ifd);
        long count = big ? in.u64() : in.u16();
        long entries = ifd + (big ? 8 : 2);
        long w = -1;
        long h = -1;
        for (long i = 0; i < Math.min(count, 4096) && (w < 0 || h < 0); i++) {
            in.seek(entries + i * (big ? 20 : 12));
            int tag = in.u16();
            int type = in.u16();
            in.skip(big ? 8 : 4); // value count
            if (tag == 256 || tag == 257) { // ImageWidth, ImageLength
                // The value is left-justified in the offset field, so a SHORT is its first two bytes.
                long v = switch (type) {
                    case 3 -> in.u16(); // SHORT
                    case 4 -> in.u32(); // LONG
                    case 16 -> in.u64(); // LONG8 (BigTIFF)
                    default -> -1;
                };
                if (tag == 256) {
                    w = v;
                } else {
                    h = v;
                }
            }
        }
        return w < 0 && h < 0 ? null : dims(w, h);
    }

    private static int[] bmp(In in) throws IOException {
        in.le = true;
        in.seek(14);
        long headerSize = in.u32();
        if (headerSize == 12) {
            return dims(in.u16(), in.u16()); // BITMAPCOREHEADER: unsigned 16-bit
        }
        // BITMAPINFOHEADER and later (and OS/2 v2): signed 32-bit; negative height = top-down rows.
        int w = (int) in.u32();
        int h = (int) in.u32();
        return dims(Math.abs((long) w), Math.abs((long) h));
    }

    private static int[] jp2(In in, boolean codestream) throws IOException {
        if (codestream) {
            // Raw J2K: SOC, SIZ marker, Lsiz(2) Rsiz(2) Xsiz Ysiz XOsiz YOsiz (4 each); size = extent - offset.
            in.seek(8);
            long xs = in.u32();
            long ys = in.u32();
            return dims(xs - in.u32(), ys - in.u32());
        }
        long[] jp2h = findBox(in, 0, in.size, tag("jp2h"));
        long[] ihdr = jp2h == null ? null : findBox(in, jp2h[0], jp2h[1], tag("ihdr"));
        if (ihdr == null) {
            return null;
        }
        in.seek(ihdr[0]);
        long h = in.u32(); // note: HEIGHT comes before WIDTH
        return dims(in.u32(), h);
    }

    /**
     * HEIF/AVIF: dimensions live in 'ispe' properties in meta/iprp/ipco. Several items carry one
     * (thumbnails, grid tiles, alpha/depth planes), so follow pitm (primary item id) through ipma
     * (item -> property indices); if that fails, fall back to the largest ispe.
     */
    private static int[] heif(In in) throws IOException {
        long[] meta = findBox(in, 0, in.size, tag("meta"));
        if (meta == null || meta[1] - meta[0] < 4 || meta[1] - meta[0] > MAX_META) {
            return null;
        }
        in.seek(meta[0] + 4); // meta is a FullBox: version + flags
        ByteBuffer body = ByteBuffer.wrap(in.bytes((int) (meta[1] - meta[0] - 4)));
        long primary = -1;
        List<long[]> props = new ArrayList<>(); // ipco children in order; non-null only for ispe
        List<ByteBuffer> ipmas = new ArrayList<>();
        for (Box b : children(body)) {
            if (b.type == tag("pitm")) {
                primary = b.body.get(0) == 0 ? b.body.getShort(4) & 0xFFFF : b.body.getInt(4) & 0xFFFFFFFFL;
            } else if (b.type == tag("iprp")) {
                for (Box c : children(b.body)) {
                    if (c.type == tag("ipco")) {
                        for (Box p : children(c.body)) { // ispe: FullBox header, width(4), height(4)
                            props.add(
                                    p.type == tag("ispe") && p.body.remaining() >= 12
                                            ? new long[] {p.body.getInt(4) & 0xFFFFFFFFL, p.body.getInt(8) & 0xFFFFFFFFL
                                            }
                                            : null);
                        }
                    } else if (c.type == tag("ipma")) {
                        ipmas.add(c.body);
                    }
                }
            }
        }
        for (ByteBuffer ipma : ipmas) {
            for (int index : associations(ipma, primary)) {
                if (index >= 1 && index <= props.size() && props.get(index - 1) != null) {
                    return dims(props.get(index - 1)[0], props.get(index - 1)[1]); // indices are 1-based
                }
            }
        }
        long[] best = null;
        for (long[] p : props) {
            if (p != null && (best == null || p[0] * p[1] > best[0] * best[1])) {
                best = p;
            }
        }
        return best == null ? null : dims(best[0], best[1]);
    }

    /** Property indices ipma associates with {@code item}; empty if not listed or malformed. */
    private static List<Integer> associations(ByteBuffer ipma, long item) {
        List<Integer> out = new ArrayList<>();
        try {
            int version = ipma.get(0);
            boolean wide = (ipma.get(3) & 1) != 0; // flags bit 0: 15-bit indices instead of 7-bit
            ipma.position(4);
            long entries = ipma.getInt() & 0xFFFFFFFFL;
            for (long e = 0; e < entries; e++) {
                long id = version < 1 ? ipma.getShort() & 0xFFFF : ipma.getInt() & 0xFFFFFFFFL;
                int n = ipma.get() & 0xFF;
                for (int k = 0; k < n; k++) {
                    int index = wide ? ipma.getShort() & 0x7FFF : ipma.get() & 0x7F; // top bit = "essential"
                    if (id == item) {
                        out.add(index);
                    }
                }
                if (id == item) {
                    break;
                }
            }
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            // keep what was found
        }
        return out;
    }

    private record Box(int type, ByteBuffer body) {}

    /** The child boxes in a buffer (ISO-BMFF: size(4) type(4) [largesize(8)] body); stops at a bad box. */
    private static List<Box> children(ByteBuffer b) {
        List<Box> out = new ArrayList<>();
        while (b.remaining() >= 8) {
            int start = b.position();
            long len = b.getInt() & 0xFFFFFFFFL;
            int type = b.getInt();
            int hdr = 8;
            if (len == 1 && b.remaining() >= 8) {
                len = b.getLong();
                hdr = 16;
            } else if (len == 0) {
                len = b.limit() - start; // box extends to the end of its parent
            }
            if (len < hdr || len > b.limit() - start) {
                break;
            }
            out.add(new Box(type, b.slice(start + hdr, (int) len - hdr)));
            b.position(start + (int) len);
        }
        return out;
    }

    /**
     * Finds a box of {@code type} among the sibling boxes in [from, to) of the file, seeking over the
     * others. Returns {bodyStart, bodyEnd} (end clamped to {@code to}), or null.
     */
    private static long[] findBox(In in, long from, long to, int type) throws IOException {
        in.le = false;
        for (long p = from; p + 8 <= to; ) {
            in.seek(p);
            long len = in.u32();
            int t = in.tag();
            long hdr = 8;
            if (len == 1) {
                len = in.u64();
                hdr = 16;
            } else if (len == 0) {
                len = to - p; // last box, runs to the end
            }
            if (len < hdr) {
                return null;
            }
            if (t == type) {
                return new long[] {p + hdr, p + Math.min(len, to - p)};
            }
            if (len >= to - p) {
                return null;
            }
            p += len;
        }
        return null;
    }

    private static int[] dims(long w, long h) {
        return new int[] {w > 0 && w <= Integer.MAX_VALUE ? (int) w : -1, h > 0 && h <= Integer.MAX_VALUE ? (int) h : -1
        };
    }

    private static int tag(String fourcc) {
        byte[] b = fourcc.getBytes(StandardCharsets.ISO_8859_1);
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
    }

    /**
     * A tiny buffered random-access reader: an 8 KB window is refilled only when a read falls outside
     * it, so skipping a large segment costs one seek, not a read. Reading past the end throws EOFException.
     */
    private static final class In {
        final SeekableByteChannel ch;
        final long size;
        final ByteBuffer buf = ByteBuffer.allocate(8192);
        long bufStart;
        long pos;
        /** Byte order for u16/u24/u32/u64; tag() is always big-endian. */
        boolean le;

        In(SeekableByteChannel ch) throws IOException {
            this.ch = ch;
            this.size = ch.size();
            buf.limit(0);
        }

        void seek(long p) throws EOFException {
            if (p < 0) {
                throw new EOFException("bad offset " + p);
            }
            pos = p;
        }

        void skip(long n) throws EOFException {
            seek(n < 0 ? -1 : pos + n);
        }

        int u8() throws IOException {
            if (pos < bufStart || pos >= bufStart + buf.limit()) {
                if (pos >= size) {
                    throw new EOFException();
                }
                buf.clear();
                ch.position(pos);
                while (buf.hasRemaining() && ch.read(buf) > 0) {
                    // fill the window
                }
                buf.flip();
                bufStart = pos;
                if (!buf.hasRemaining()) {
                    throw new EOFException();
                }
            }
            return buf.get((int) (pos++ - bufStart)) & 0xFF;
        }

        byte[] bytes(int n) throws IOException {
            byte[] out = new byte[n];
            for (int i = 0; i < n; i++) {
                out[i] = (byte) u8();
            }
            return out;
        }

        private long uint(int n) throws IOException {
            long v = 0;
            for (int i = 0; i < n; i++) {
                v = le ? v | (long) u8() << (8 * i) : v << 8 | u8();
            }
            return v;
        }

        int u16() throws IOException {
            return (int) uint(2);
        }

        long u24() throws IOException {
            return uint(3);
        }

        long u32() throws IOException {
            return uint(4);
        }

        long u64() throws IOException {
            return uint(8);
        }

        int tag() throws IOException {
            return u8() << 24 | u8() << 16 | u8() << 8 | u8();
        }
    }
}
