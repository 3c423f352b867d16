package org.trawl.source.gbif.dwca;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the media rows need from the core, without holding the core in memory: the core rows' kept
 * values are spilled to a file, and the heap holds only an open-addressing table id -> row ordinal,
 * each row's offset in the spill and its label number (about 40 bytes per occurrence). Numeric ids
 * (every GBIF gbifID) are their own exact keys; other ids are hashed to 64 bits and checked against
 * the id stored in the spill, so two ids never get mixed up.
 */
final class CoreIndex implements Closeable {
    private final Path spillPath;
    private final FileChannel channel;
    private OutputStream spill;
    private long written;
    private long[] offsets = new long[1024];
    private int[] labels = new int[1024];
    private final BitSet hashedIds = new BitSet();
    private int size;
    private long[] keys = new long[1 << 12];
    private int[] slots = new int[1 << 12]; // ordinal + 1; 0 = empty
    private final Map<String, Integer> labelIds = new HashMap<>();
    private final List<String> labelNames = new ArrayList<>();
    private final RowReader.Bytes record = new RowReader.Bytes();
    private ByteBuffer readBuffer = ByteBuffer.allocate(4096);
    private long duplicates;

    CoreIndex(Path dir) throws IOException {
        Files.createDirectories(dir);
        spillPath = Files.createTempFile(dir, "core-", ".spill");
        channel = FileChannel.open(
                spillPath, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE);
        spill = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel), 1 << 16);
    }

    /**
     * Adds a core row: its id, its label and the kept columns (copied as raw bytes when the file is UTF-8,
     * so no String is made for them). A repeated id keeps its first row (returns false).
     */
    boolean add(RowReader r, int idIndex, String label, List<FileSpec.Field> kept) throws IOException {
        long num = r.numeric(idIndex);
        boolean hashed = num < 0;
        String id = hashed ? r.get(idIndex) : null;
        long key = hashed ? hash64(id) : num;
        if ((size + 1) * 2L > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        int i = (int) mix(key) & mask;
        while (slots[i] != 0) {
            int o = slots[i] - 1;
            if (keys[i] == key && hashedIds.get(o) == hashed && (!hashed || id.equals(read(o)[0]))) {
                duplicates++;
                return false;
            }
            i = (i + 1) & mask;
        }
        if (size == offsets.length) {
            offsets = Arrays.copyOf(offsets, size * 2);
            labels = Arrays.copyOf(labels, size * 2);
        }
        int o = size++;
        keys[i] = key;
        slots[i] = o + 1;
        if (hashed) {
            hashedIds.set(o);
        }
        labels[o] = label == null || label.isEmpty()
                ? -1
                : labelIds.computeIfAbsent(label, l -> {
                    labelNames.add(l);
                    return labelNames.size() - 1;
                });
        offsets[o] = written;
        record.reset();
        boolean raw = r.rawIsUtf8();
        writeColumn(r, idIndex, null, raw);
        for (FileSpec.Field f : kept) {
            writeColumn(r, f.index(), f.defaultValue(), raw);
        }
        spill.write(record.array(), 0, record.size());
        written += record.size();
        return true;
    }

    private void writeColumn(RowReader r, int index, String def, boolean raw) {
        if (r.isEmpty(index)) {
            writeString(def == null ? "" : def);
        } else if (raw) {
            record.varint(r.rawLength(index));
            r.copyRaw(index, record);
        } else {
            writeString(r.get(index));
        }
    }

    /** Ends the build: the spill becomes readable. */
    void seal() throws IOException {
        spill.flush();
        spill = null;
    }

    /** The row ordinal of the id in column i of a row, or -1. */
    int find(RowReader r, int i) throws IOException {
        long num = r.numeric(i);
        return num >= 0 ? find(num, null) : find(-1, r.get(i));
    }

    /** The row ordinal of an id, or -1. */
    int find(String id) throws IOException {
        return find(numeric(id), id);
    }

    private int find(long num, String id) throws IOException {
        boolean hashed = num < 0;
        long key = hashed ? hash64(id) : num;
        int mask = keys.length - 1;
        int i = (int) mix(key) & mask;
        while (slots[i] != 0) {
            int o = slots[i] - 1;
            if (keys[i] == key && hashedIds.get(o) == hashed && (!hashed || id.equals(read(o)[0]))) {
                return o;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    int size() {
        return size;
    }

    long duplicates() {
        return duplicates;
    }

    /** The label number of a row (-1 when it has none). */
    int label(int ordinal) {
        return labels[ordinal];
    }

    String labelName(int labelId) {
        return labelNames.get(labelId);
    }

    int labelCount() {
        return labelNames.size();
    }

    /** The row's spilled values: id first, then the kept values in the order they were added. */
    String[] read(int ordinal) throws IOException {
        if (spill != null) {
            spill.flush(); // still building: a hashed-id check reads a row that may sit in the buffer
        }
        long start = offsets[ordinal];
        long end = ordinal + 1 < size ? offsets[ordinal + 1] : written;
        int len = (int) (end - start);
        if (readBuffer.capacity() < len) {
            readBuffer = ByteBuffer.allocate(Math.max(len, readBuffer.capacity() * 2));
        }
        ByteBuffer b = readBuffer.clear().limit(len);
        while (b.hasRemaining()) {
            if (channel.read(b, start + b.position()) < 0) {
                throw new IOException("core spill truncated");
            }
        }
        b.flip();
        List<String> out = new ArrayList<>();
        while (b.hasRemaining()) {
            int n = readVarint(b);
            out.add(new String(b.array(), b.position(), n, StandardCharsets.UTF_8));
            b.position(b.position() + n);
        }
        return out.toArray(String[]::new);
    }

    private void writeString(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        record.varint(bytes.length);
        record.append(bytes, 0, bytes.length);
    }

    private static int readVarint(ByteBuffer b) {
        int v = 0;
        int shift = 0;
        while (true) {
            int x = b.get() & 0xff;
            v |= (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
            shift += 7;
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldSlots = slots;
        keys = new long[oldKeys.length * 2];
        slots = new int[oldSlots.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < oldSlots.length; j++) {
            if (oldSlots[j] != 0) {
                int i = (int) mix(oldKeys[j]) & mask;
                while (slots[i] != 0) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                slots[i] = oldSlots[j];
            }
        }
    }

    /** A canonical decimal id (no sign, no leading zero, at most 18 digits) as itself; otherwise -1. */
    static long numeric(String id) {
        int n = id.length();
        if (n == 0 || n > 18 || (n > 1 && id.charAt(0) == '0')) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    static long hash64(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return mix(h);
    }

    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    @Override
    public void close() throws IOException {
        channel.close();
        Files.deleteIfExists(spillPath);
    }
}
