package org.trawl.export;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/** A tiny, independent TFRecord + tf.train.Example reader for the tests: checks both CRCs of every frame. */
final class TfRecordReader {
    private TfRecordReader() {}

    static int mask(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        int crc = (int) c.getValue();
        return Integer.rotateRight(crc, 15) + 0xa282ead8;
    }

    /** Every record's Example as feature name → values (byte[] for bytes, Float, Long). */
    static List<Map<String, List<Object>>> read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        ByteBuffer bb = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        List<Map<String, List<Object>>> out = new ArrayList<>();
        while (bb.hasRemaining()) {
            int start = bb.position();
            long len = bb.getLong();
            int lenCrc = bb.getInt();
            if (lenCrc != mask(all, start, 8)) {
                throw new IOException("length crc mismatch at " + start);
            }
            int dataStart = bb.position();
            bb.position(dataStart + (int) len);
            int dataCrc = bb.getInt();
            if (dataCrc != mask(all, dataStart, (int) len)) {
                throw new IOException("data crc mismatch at " + start);
            }
            byte[] data = new byte[(int) len];
            System.arraycopy(all, dataStart, data, 0, (int) len);
            out.add(example(data));
        }
        return out;
    }

    static Map<String, List<Object>> example(byte[] data) {
        Map<String, List<Object>> features = new LinkedHashMap<>();
        for (Object[] f : fields(data)) { // Example.features = 1
            for (Object[] entry : fields((byte[]) f[1])) { // Features.feature = 1 (map entries)
                String key = null;
                List<Object> values = new ArrayList<>();
                for (Object[] kv : fields((byte[]) entry[1])) {
                    if ((int) kv[0] == 1) {
                        key = new String((byte[]) kv[1], StandardCharsets.UTF_8);
                    } else {
                        for (Object[] kind : fields((byte[]) kv[1])) { // Feature oneof
                            int k = (int) kind[0];
                            for (Object[] list : fields((byte[]) kind[1])) {
                                byte[] v = (byte[]) list[1];
                                if (k == 1) {
                                    values.add(v);
                                } else if (k == 2) {
                                    ByteBuffer p = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN);
                                    while (p.hasRemaining()) {
                                        values.add(p.getFloat());
                                    }
                                } else {
                                    int[] pos = {0};
                                    while (pos[0] < v.length) {
                                        values.add(varint(v, pos));
                                    }
                                }
                            }
                        }
                    }
                }
                features.put(key, values);
            }
        }
        return features;
    }

    /** Length-delimited fields of a message as {number, payload}. */
    static List<Object[]> fields(byte[] msg) {
        List<Object[]> out = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < msg.length) {
            long tag = varint(msg, pos);
            if ((tag & 7) != 2) {
                throw new IllegalStateException("unexpected wire type " + (tag & 7));
            }
            int len = (int) varint(msg, pos);
            byte[] payload = new byte[len];
            System.arraycopy(msg, pos[0], payload, 0, len);
            pos[0] += len;
            out.add(new Object[] {(int) (tag >>> 3), payload});
        }
        return out;
    }

    static long varint(byte[] b, int[] pos) {
        long v = 0;
        int shift = 0;
        while (true) {
            int x = b[pos[0]++] & 0xff;
            v |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
            shift += 7;
        }
    }
}
