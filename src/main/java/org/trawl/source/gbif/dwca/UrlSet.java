package org.trawl.source.gbif.dwca;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The set of media URLs seen, exact and bounded in memory, each numbered in the order it was first
 * added. gbifxdl kept 32-bit hashes, so two different URLs with the same hash were dropped as
 * duplicates (~116 false drops per million). Here the heap holds a 64-bit hash, an offset and a number
 * per URL (about 27 bytes each); the URLs themselves go to a spill file, and a hash match is confirmed
 * by comparing the full URL.
 */
final class UrlSet implements Closeable {
    private final Path path;
    private final FileChannel channel;
    private final OutputStream out;
    private long written;
    private long[] keys = new long[1 << 12];
    private long[] offsets = new long[1 << 12]; // offset + 1; 0 = empty
    private int[] numbers = new int[1 << 12];
    private int size;
    private boolean dirty;

    UrlSet(Path dir) throws IOException {
        Files.createDirectories(dir);
        path = Files.createTempFile(dir, "urls-", ".spill");
        channel = FileChannel.open(
                path, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE);
        out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
    }

    /** Adds a URL; false when the very same URL was added before. */
    boolean add(String url) throws IOException {
        return number(url) < 0;
    }

    /**
     * The number of a URL added before (0, 1, ... in the order they were first added), or, for a URL not
     * seen yet, {@code -1 - n} where n is the number it gets now.
     */
    int number(String url) throws IOException {
        if ((size + 1) * 4L > keys.length * 3L) {
            grow();
        }
        byte[] bytes = url.getBytes(StandardCharsets.UTF_8);
        long key = CoreIndex.hash64(url);
        int mask = keys.length - 1;
        int i = (int) CoreIndex.mix(key) & mask;
        while (offsets[i] != 0) {
            if (keys[i] == key && same(offsets[i] - 1, bytes)) {
                return numbers[i];
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        offsets[i] = written + 1;
        numbers[i] = size;
        writeVarint(bytes.length);
        out.write(bytes);
        written += bytes.length;
        dirty = true;
        return -1 - size++;
    }

    int size() {
        return size;
    }

    private boolean same(long offset, byte[] url) throws IOException {
        if (dirty) {
            out.flush();
            dirty = false;
        }
        ByteBuffer head = ByteBuffer.allocate(5);
        channel.read(head, offset);
        head.flip();
        int len = 0;
        int shift = 0;
        int used = 0;
        while (true) {
            int x = head.get() & 0xff;
            used++;
            len |= (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                break;
            }
            shift += 7;
        }
        if (len != url.length) {
            return false;
        }
        ByteBuffer b = ByteBuffer.allocate(len);
        while (b.hasRemaining()) {
            if (channel.read(b, offset + used + b.position()) < 0) {
                return false;
            }
        }
        return Arrays.equals(b.array(), url);
    }

    private void writeVarint(int v) throws IOException {
        int n = 0;
        while ((v & ~0x7f) != 0) {
            out.write((v & 0x7f) | 0x80);
            v >>>= 7;
            n++;
        }
        out.write(v);
        written += n + 1;
    }

    private void grow() {
        long[] k = keys;
        long[] o = offsets;
        int[] n = numbers;
        keys = new long[k.length * 2];
        offsets = new long[o.length * 2];
        numbers = new int[n.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < o.length; j++) {
            if (o[j] != 0) {
                int i = (int) CoreIndex.mix(k[j]) & mask;
                while (offsets[i] != 0) {
                    i = (i + 1) & mask;
                }
                keys[i] = k[j];
                offsets[i] = o[j];
                numbers[i] = n[j];
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
        Files.deleteIfExists(path);
    }
}
