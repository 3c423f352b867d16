package org.trawl.export;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A tf.train.Example in protobuf wire format, written by hand: the message is three nested levels
 * of length-delimited fields, which is 100 lines here against a protobuf runtime (and its
 * reflection config) in the native image.
 *
 * <pre>
 * Example  { Features features = 1; }
 * Features { map&lt;string, Feature&gt; feature = 1; }   // entries: { string key = 1; Feature value = 2; }
 * Feature  { oneof { BytesList bytes_list = 1; FloatList float_list = 2; Int64List int64_list = 3; } }
 * BytesList { repeated bytes value = 1; }  FloatList { repeated float value = 1 [packed]; }
 * Int64List { repeated int64 value = 1 [packed]; }
 * </pre>
 */
public final class TfExample {
    private final List<byte[]> entries = new ArrayList<>();

    public TfExample bytes(String key, List<byte[]> values) {
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        for (byte[] v : values) {
            field(list, 1, v);
        }
        return feature(key, 1, list.toByteArray());
    }

    public TfExample bytes(String key, byte[] value) {
        return bytes(key, List.of(value));
    }

    public TfExample string(String key, String value) {
        return bytes(key, value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8));
    }

    public TfExample strings(String key, List<String> values) {
        List<byte[]> b = new ArrayList<>(values.size());
        for (String s : values) {
            b.add(s.getBytes(StandardCharsets.UTF_8));
        }
        return bytes(key, b);
    }

    public TfExample floats(String key, float[] values) {
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        for (float f : values) {
            int bits = Float.floatToIntBits(f);
            for (int i = 0; i < 4; i++) {
                packed.write(bits >>> (8 * i)); // little-endian fixed32
            }
        }
        return feature(key, 2, packedList(packed.toByteArray()));
    }

    public TfExample int64s(String key, long[] values) {
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        for (long v : values) {
            varint(packed, v);
        }
        return feature(key, 3, packedList(packed.toByteArray()));
    }

    public TfExample int64(String key, long value) {
        return int64s(key, new long[] {value});
    }

    /** The serialised Example. */
    public byte[] toByteArray() {
        ByteArrayOutputStream features = new ByteArrayOutputStream();
        for (byte[] e : entries) {
            field(features, 1, e);
        }
        ByteArrayOutputStream example = new ByteArrayOutputStream();
        field(example, 1, features.toByteArray());
        return example.toByteArray();
    }

    private static byte[] packedList(byte[] packed) {
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        if (packed.length > 0) {
            field(list, 1, packed);
        }
        return list.toByteArray();
    }

    private TfExample feature(String key, int kind, byte[] list) {
        ByteArrayOutputStream feature = new ByteArrayOutputStream();
        field(feature, kind, list);
        ByteArrayOutputStream entry = new ByteArrayOutputStream();
        field(entry, 1, key.getBytes(StandardCharsets.UTF_8));
        field(entry, 2, feature.toByteArray());
        entries.add(entry.toByteArray());
        return this;
    }

    /** A length-delimited field (wire type 2). */
    static void field(ByteArrayOutputStream out, int number, byte[] payload) {
        varint(out, ((long) number << 3) | 2);
        varint(out, payload.length);
        out.writeBytes(payload);
    }

    static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
