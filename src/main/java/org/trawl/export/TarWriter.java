package org.trawl.export;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A POSIX tar (ustar, with a pax extended header for names that ustar cannot hold: longer than
 * 100 bytes or not ASCII) of regular files only, written by hand: about 100 lines against a new
 * dependency (commons-compress is not on the classpath) and its native-image configuration.
 *
 * <p>Bytes are deterministic: mtime 0, uid/gid 0, no user or group names, mode 0644, so the same
 * entries in the same order give the same archive. Like GNU tar and Python's tarfile, the archive
 * ends with two zero blocks and is padded to a whole 10240-byte record.
 *
 * <p>File bodies go from file to file with {@link FileChannel#transferTo} (the kernel copies them,
 * no pass through the heap): nothing of an image is held in memory.
 */
final class TarWriter {
    static final int BLOCK = 512;
    static final int RECORD = 20 * BLOCK;
    private static final long MAX_USTAR_SIZE = 077777777777L; // 11 octal digits
    private static final String PAX_NAME = "././@PaxHeader"; // the name Python's tarfile gives pax headers
    private final FileChannel out;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
    private long written;

    TarWriter(FileChannel out) {
        this.out = out;
    }

    /** The bytes written so far. */
    long written() {
        return written;
    }

    /** An entry whose body is the file {@code file} of {@code size} bytes, copied by the kernel. */
    void putFile(String name, Path file, long size) throws IOException {
        header(name, size);
        flushBuffer();
        try (FileChannel in = FileChannel.open(file)) {
            long done = 0;
            while (done < size) {
                long n = in.transferTo(done, size - done, out);
                if (n <= 0 && in.size() < size) {
                    throw new IOException(file + ": the file shrank while exporting");
                }
                done += n;
            }
            if (in.size() != size) {
                throw new IOException(file + ": the file changed size while exporting");
            }
        }
        written += size;
        pad(size);
    }

    void putBytes(String name, byte[] data) throws IOException {
        header(name, data.length);
        write(data, 0, data.length);
        pad(data.length);
    }

    /** The end of the archive: two zero blocks, then zeros to the end of the record. */
    void finish() throws IOException {
        long end = endOfArchive(written);
        write(new byte[(int) (end - written)], 0, (int) (end - written));
        flushBuffer();
    }

    /** How many bytes an entry of this name and body size takes, headers and padding included. */
    static long entrySize(String name, long size) {
        long n = BLOCK + padded(size);
        byte[] pax = paxRecords(name, size);
        return pax == null ? n : n + BLOCK + padded(pax.length);
    }

    /** The size of an archive whose entries take {@code entries} bytes. */
    static long endOfArchive(long entries) {
        long withEnd = entries + 2L * BLOCK;
        return (withEnd + RECORD - 1) / RECORD * RECORD;
    }

    static long padded(long size) {
        return (size + BLOCK - 1) / BLOCK * BLOCK;
    }

    private void header(String name, long size) throws IOException {
        byte[] pax = paxRecords(name, size);
        if (pax != null) {
            write(block(PAX_NAME, pax.length, 'x'), 0, BLOCK);
            write(pax, 0, pax.length);
            pad(pax.length);
        }
        write(block(pax == null ? name : asciiFallback(name), Math.min(size, MAX_USTAR_SIZE), '0'), 0, BLOCK);
    }

    /** The pax records this entry needs ({@code path}, {@code size}), or null when ustar holds it. */
    static byte[] paxRecords(String name, long size) {
        StringBuilder s = new StringBuilder();
        if (!fitsUstar(name)) {
            s.append(record("path", name));
        }
        if (size > MAX_USTAR_SIZE) {
            s.append(record("size", Long.toString(size)));
        }
        return s.length() == 0 ? null : s.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static boolean fitsUstar(String name) {
        if (name.length() > 100) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** "LEN key=value\n", where LEN counts the whole record including its own digits. */
    static String record(String key, String value) {
        int body = 1 + key.length() + 1 + value.getBytes(StandardCharsets.UTF_8).length + 1; // " k=v\n"
        int len = body + Integer.toString(body).length();
        if (Integer.toString(len).length() != Integer.toString(body).length()) {
            len = body + Integer.toString(len).length();
        }
        return len + " " + key + "=" + value + "\n";
    }

    /** What a reader without pax support sees: the name in printable ASCII, cut to 100 bytes. */
    private static String asciiFallback(String name) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < name.length() && b.length() < 100; i++) {
            char c = name.charAt(i);
            b.append(c >= 0x20 && c <= 0x7e ? c : '_');
        }
        return b.toString();
    }

    private static byte[] block(String name, long size, char type) {
        byte[] h = new byte[BLOCK];
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, h, 0, Math.min(n.length, 100));
        octal(h, 100, 8, 0644);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, 0);
        h[156] = (byte) type;
        byte[] magic = "ustar\00000".getBytes(StandardCharsets.US_ASCII); // "ustar" NUL, version "00"
        System.arraycopy(magic, 0, h, 257, 8);
        octal(h, 329, 8, 0);
        octal(h, 337, 8, 0);
        // the checksum is the byte sum with its own field read as spaces, written as 6 digits, NUL, space
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte x : h) {
            sum += x & 0xff;
        }
        String c = String.format("%06o", sum);
        System.arraycopy(c.getBytes(StandardCharsets.US_ASCII), 0, h, 148, 6);
        h[154] = 0;
        h[155] = ' ';
        return h;
    }

    /** A zero-padded octal number filling {@code len - 1} digits, then NUL. */
    private static void octal(byte[] h, int at, int len, long value) {
        String s = Long.toOctalString(value);
        String padded = "0".repeat(len - 1 - s.length()) + s;
        System.arraycopy(padded.getBytes(StandardCharsets.US_ASCII), 0, h, at, len - 1);
        h[at + len - 1] = 0;
    }

    private void pad(long size) throws IOException {
        int n = (int) (padded(size) - size);
        write(new byte[n], 0, n);
    }

    private void write(byte[] b, int off, int len) throws IOException {
        written += len;
        while (len > 0) {
            if (!buffer.hasRemaining()) {
                flushBuffer();
            }
            int n = Math.min(len, buffer.remaining());
            buffer.put(b, off, n);
            off += n;
            len -= n;
        }
    }

    private void flushBuffer() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
        buffer.clear();
    }
}
