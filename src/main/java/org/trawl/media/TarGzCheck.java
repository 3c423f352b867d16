package org.trawl.media;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Whether a downloaded .tar.gz is whole: its gzip stream ends with a matching CRC and length, and the tar inside
 * is a chain of 512-byte headers, each with a valid checksum, whose sizes lead to the end-of-archive blocks.
 *
 * <p>This is the one place trawl inflates a body, once, after it is on disk and off the event loop: inflating in
 * flight would put the decompressor's cost and memory (a gzip bomb) on the transfer, and an archive is kept as the
 * opaque file the server sent. The JDK's GZIPInputStream reads it; nothing is written, the entries are skipped.
 */
public final class TarGzCheck {
    private static final int BLOCK = 512;

    private TarGzCheck() {}

    /** What is wrong with the archive, e.g. "tar.gz cut short inside an entry"; null when it is whole. */
    public static String problem(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
            return tar(in);
        } catch (EOFException e) {
            return "tar.gz cut short";
        } catch (ZipException e) {
            return "tar.gz with a broken gzip stream (" + e.getMessage() + ")";
        }
    }

    private static String tar(InputStream in) throws IOException {
        byte[] header = new byte[BLOCK];
        long entries = 0;
        while (true) {
            int n = in.readNBytes(header, 0, BLOCK);
            if (n == 0 && entries > 0) {
                return null; // no end-of-archive blocks: tolerated, as GNU tar does (with a warning)
            }
            if (n < BLOCK) {
                return "tar.gz cut short inside a header";
            }
            if (allZero(header)) {
                in.transferTo(
                        java.io.OutputStream.nullOutputStream()); // to the end: gzip's CRC and length are checked there
                return entries == 0 ? "tar.gz holds an empty archive" : null;
            }
            if (!checksumMatches(header)) {
                return "tar.gz whose entry " + (entries + 1) + " has a bad header checksum";
            }
            long size = size(header);
            if (size < 0) {
                return "tar.gz whose entry " + (entries + 1) + " has an unreadable size";
            }
            long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
            try {
                in.skipNBytes(padded);
            } catch (EOFException e) {
                return "tar.gz cut short inside an entry";
            }
            entries++;
        }
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    /** The header's sum with its own checksum field read as spaces, against the octal number in that field. */
    private static boolean checksumMatches(byte[] h) {
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += i >= 148 && i < 156 ? ' ' : h[i] & 0xFF;
        }
        long stored = octal(h, 148, 8);
        return stored == sum;
    }

    /** The entry size: octal, or base-256 when the first byte's top bit is set (GNU, for sizes over 8 GB). */
    private static long size(byte[] h) {
        if ((h[124] & 0x80) != 0) {
            long v = h[124] & 0x7F;
            for (int i = 125; i < 136; i++) {
                v = v << 8 | (h[i] & 0xFF);
            }
            return v;
        }
        return octal(h, 124, 12);
    }

    private static long octal(byte[] h, int off, int len) {
        String s = new String(h, off, len, StandardCharsets.US_ASCII)
                .replace('\0', ' ')
                .trim();
        if (s.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
