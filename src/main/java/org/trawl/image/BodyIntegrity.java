package org.trawl.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A cheap structural check that a downloaded body is a whole image: the end markers each format
 * has (JPEG SOS then EOI, PNG IEND, GIF trailer, JPEG 2000 EOC) and the sizes its header promises
 * (RIFF size, BMP file size, TIFF's first IFD, ISO-BMFF boxes). A body cut short without a
 * Content-Length to compare against (a close-delimited or chunked body that ended early) looks
 * complete to HTTP; this is what tells it apart.
 *
 * <p>It runs on every item, so it reads only the file's first and last few KB (two positional reads;
 * one for a small file, a few more for a JPEG whose EXIF block is long, or a box-structured file),
 * never the whole file: the pixels are {@code --decode-check}'s job. What it cannot see: garbage with
 * valid markers at both ends, and formats with no end marker to find (DICOM; a TIFF whose first IFD
 * comes first).
 *
 * <p>Bytes after the end marker are allowed, as decoders allow them (libjpeg and libpng stop at EOI /
 * IEND): cameras pad with zeros and some append their own data, up to a whole video (Android "motion
 * photos" carry an MP4 of megabytes after the JPEG's EOI). So when the end marker is not in the last
 * {@link #WINDOW} bytes, the file is searched backwards for it (down to the JPEG's first SOS): a cost only
 * such files and bodies that are really cut pay, never an ordinary image.
 */
public final class BodyIntegrity {
    private static final byte[] EOI = {(byte) 0xFF, (byte) 0xD9};
    private static final byte[] IEND = {'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82};
    /** Bytes read at a time when an end marker is searched for before the tail. */
    private static final int SEARCH_CHUNK = 1 << 16;
    /** Bytes read at each end of the file. */
    static final int WINDOW = 4096;
    /** Segments or boxes walked before giving up: real files have a few dozen. */
    private static final int MAX_STEPS = 4096;

    private BodyIntegrity() {}

    /** {@link #problem(FileChannel, long, ImageFormat)} of a file on disk. */
    public static String problem(Path file, long size, ImageFormat format) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return problem(ch, size, format);
        }
    }

    /**
     * What is structurally wrong with the {@code size}-byte image in {@code file} (read with positional
     * reads only, so the channel's position does not matter), e.g. {@code "jpeg without EOI"}; null when
     * nothing is, or when the format has no cheap check.
     */
    public static String problem(FileChannel file, long size, ImageFormat format) throws IOException {
        Ends ends = new Ends(file, size);
        return switch (format) {
            case JPEG -> jpeg(ends);
            case PNG -> ends.lastIndexOf(IEND, 8) >= 0 ? null : "png without IEND";
            case GIF -> gif(ends);
            case WEBP -> ends.size < ends.le32(4) + 8 ? "webp shorter than its RIFF size" : null;
            case BMP ->
                ends.size < ends.le32(2) || ends.size < ends.le32(10) ? "bmp shorter than its header says" : null;
            case TIFF -> tiff(ends);
            case JP2 -> ends.u8(0) == 0xFF ? codestreamEnd(ends, ends.size) : boxes(ends, "jp2");
            case HEIC, AVIF -> boxes(ends, format.extension());
            case DICOM -> null; // no end marker; the pixel data's length needs the whole tagged dataset
        };
    }

    /**
     * Walks the segments from SOI to the first SOS (skipping each by its length, as ImageInfo does), then
     * looks for EOI after it in the tail. Entropy-coded data cannot hold FF D9 (a data FF is followed by 00
     * or a restart marker), so a body cut inside the scans has no EOI after the SOS.
     */
    private static String jpeg(Ends e) throws IOException {
        long pos = 2;
        long sos = -1;
        for (int step = 0; step < MAX_STEPS && sos < 0; step++) {
            for (int junk = 0; pos < e.size && e.u8(pos) != 0xFF; junk++, pos++) {
                if (junk == 4096) { // a few stray bytes are tolerated, as libjpeg does; not a page of them
                    return "jpeg without SOS";
                }
            }
            while (pos < e.size && e.u8(pos) == 0xFF) {
                pos++;
            }
            if (pos + 2 >= e.size) {
                return "jpeg without SOS";
            }
            int m = e.u8(pos);
            if (m == 0x00 || m == 0x01 || m >= 0xD0 && m <= 0xD8) {
                pos++; // standalone markers: no length
                continue;
            }
            if (m == 0xD9) {
                return "jpeg without SOS";
            }
            if (m == 0xDA) {
                sos = pos;
            }
            pos += 1 + (e.u8(pos + 1) << 8 | e.u8(pos + 2));
        }
        if (sos < 0) {
            return "jpeg without SOS";
        }
        return e.lastIndexOf(EOI, sos) > sos ? null : "jpeg without EOI";
    }

    /** The trailer 0x3B follows the last block terminator 0x00; zero padding after it is allowed. */
    private static String gif(Ends e) throws IOException {
        long end = e.size;
        while (end > e.tailStart && e.u8(end - 1) == 0) {
            end--;
        }
        return end - 2 >= e.tailStart && e.u8(end - 1) == 0x3B && e.u8(end - 2) == 0 ? null : "gif without trailer";
    }

    /** The first IFD must lie inside the file: a TIFF written pixels-first keeps it at the end. */
    private static String tiff(Ends e) throws IOException {
        boolean le = e.u8(0) == 'I';
        boolean big = (le ? e.u8(2) : e.u8(3)) == 43;
        long ifd = big ? e.uint(8, 8, le) : e.uint(4, 4, le);
        return ifd + 2 > e.size ? "tiff shorter than its first IFD offset" : null;
    }

    /**
     * ISO-BMFF (HEIC, AVIF) and JP2 files are a sequence of boxes that must cover the file: a box running
     * past the end means the body was cut. A box of size 0 runs to the end by definition. In JP2 the
     * codestream box, when it is last, ends with the codestream's EOC marker.
     */
    private static String boxes(Ends e, String kind) throws IOException {
        long pos = 0;
        for (int step = 0; step < MAX_STEPS && pos + 8 <= e.size; step++) {
            long len = e.uint(pos, 4, false);
            boolean codestream = e.uint(pos + 4, 4, false) == 0x6A703263L; // "jp2c"
            if (len == 1) {
                if (pos + 16 > e.size) {
                    return kind + " box runs past the end";
                }
                len = e.uint(pos + 8, 8, false);
            } else if (len == 0) {
                len = e.size - pos;
            }
            if (len < 8 || len > e.size - pos) {
                return kind + " box runs past the end";
            }
            pos += len;
            if (codestream && pos == e.size) {
                return codestreamEnd(e, pos);
            }
        }
        return null; // a few trailing bytes too short for a box header: tolerated like trailing data elsewhere
    }

    /** A JPEG 2000 codestream ends with EOC (FF D9); trailing zeros allowed. */
    private static String codestreamEnd(Ends e, long end) throws IOException {
        while (end > e.tailStart && e.u8(end - 1) == 0) {
            end--;
        }
        return end - 2 >= e.tailStart && e.u8(end - 2) == 0xFF && e.u8(end - 1) == 0xD9
                ? null
                : "jpeg 2000 codestream without EOC";
    }

    /** The file's first and last {@link #WINDOW} bytes, and single bytes elsewhere read on demand. */
    private static final class Ends {
        final FileChannel file;
        final long size;
        final long tailStart;
        final ByteBuffer head;
        final ByteBuffer tail;
        ByteBuffer other; // the window last read elsewhere (a JPEG segment or box header past the head)
        long otherStart = -1;

        Ends(FileChannel file, long size) throws IOException {
            this.file = file;
            this.size = size;
            if (size <= 2L * WINDOW) { // one read: the whole file is both ends
                head = read(0, (int) size);
                tailStart = 0;
                tail = head;
            } else {
                head = read(0, WINDOW);
                tailStart = size - WINDOW;
                tail = read(tailStart, WINDOW);
            }
        }

        private ByteBuffer read(long at, int n) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(n);
            while (b.hasRemaining() && file.read(b, at + b.position()) > 0) {
                // fill
            }
            return b.flip();
        }

        /** The byte at {@code pos}; 0 past the end of the file. */
        int u8(long pos) throws IOException {
            if (pos < head.limit()) {
                return head.get((int) pos) & 0xFF;
            }
            if (pos >= tailStart && pos - tailStart < tail.limit()) {
                return tail.get((int) (pos - tailStart)) & 0xFF;
            }
            if (pos >= size) {
                return 0;
            }
            if (other == null || pos < otherStart || pos >= otherStart + other.limit()) {
                otherStart = pos;
                other = read(pos, (int) Math.min(512, size - pos));
                if (other.limit() == 0) {
                    return 0;
                }
            }
            return other.get((int) (pos - otherStart)) & 0xFF;
        }

        long uint(long pos, int n, boolean le) throws IOException {
            long v = 0;
            for (int i = 0; i < n; i++) {
                v = le ? v | (long) u8(pos + i) << (8 * i) : v << 8 | u8(pos + i);
            }
            return v;
        }

        long le32(long pos) throws IOException {
            return uint(pos, 4, true);
        }

        /**
         * The position of the last occurrence of sig at or after floor: in the tail window, else searched
         * backwards through the file in chunks (a trailer after the end marker); -1 if there is none.
         */
        long lastIndexOf(byte[] sig, long floor) throws IOException {
            long found = lastIndexIn(tail, tailStart, sig);
            if (found >= 0 || tailStart == 0) {
                return found;
            }
            // chunks overlap by sig.length - 1 bytes, so a marker across a chunk boundary is seen
            long end = tailStart + sig.length - 1;
            while (end > Math.max(floor, 0)) {
                long start = Math.max(Math.max(floor, 0), end - SEARCH_CHUNK);
                ByteBuffer chunk = read(start, (int) (end - start));
                found = lastIndexIn(chunk, start, sig);
                if (found >= 0) {
                    return found;
                }
                if (start == Math.max(floor, 0)) {
                    break;
                }
                end = start + sig.length - 1;
            }
            return -1;
        }

        private static long lastIndexIn(ByteBuffer b, long bufStart, byte[] sig) {
            outer:
            for (int i = b.limit() - sig.length; i >= 0; i--) {
                for (int k = 0; k < sig.length; k++) {
                    if (b.get(i + k) != sig[k]) {
                        continue outer;
                    }
                }
                return bufStart + i;
            }
            return -1;
        }
    }
}
