package org.trawl.checkpoint;

import org.trawl.internal.Hashes;

/**
 * A compact map from item key to a small int, keyed by the first 128 bits of SHA-1(key).
 * Written by hand because a HashMap of a million String keys costs ~150 MB; this costs ~40 MB
 * and a 128-bit collision among a billion keys has a probability below 1e-20.
 */
public final class KeyIndex {
    public static final int ABSENT = -1;
    // the two halves of slot i's hash sit side by side at 2i and 2i+1: a probe of a table far bigger than the
    // cache then costs one cache miss, not one per array (the index is the hot spot of a 1M-line plan)
    private long[] keys;
    private int[] values;
    private int size;

    public KeyIndex() {
        this(1024);
    }

    public KeyIndex(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1;
        keys = new long[cap * 2];
        values = new int[cap];
    }

    public int size() {
        return size;
    }

    public int get(String key) {
        byte[] h = Hashes.sha1(key);
        long a = first(h), b = second(h);
        long[] k = keys;
        int mask = values.length - 1;
        for (int i = (int) (a ^ (a >>> 32)) & mask; ; i = (i + 1) & mask) {
            long ka = k[2 * i], kb = k[2 * i + 1];
            if (ka == 0 && kb == 0) {
                return ABSENT;
            }
            if (ka == a && kb == b) {
                return values[i];
            }
        }
    }

    public boolean contains(String key) {
        return get(key) != ABSENT;
    }

    /** Stores value for key; returns the previous value or ABSENT. */
    public int put(String key, int value) {
        return put(key, value, true);
    }

    /** Stores value for key unless key has one; returns that one, or ABSENT when stored (one hash, not two). */
    public int putIfAbsent(String key, int value) {
        return put(key, value, false);
    }

    private int put(String key, int value, boolean replace) {
        if ((size + 1) * 10L > values.length * 6L) {
            grow();
        }
        byte[] h = Hashes.sha1(key);
        return putHash(first(h), second(h), value, replace);
    }

    private int putHash(long a, long b, int value, boolean replace) {
        long[] k = keys;
        int mask = values.length - 1;
        for (int i = (int) (a ^ (a >>> 32)) & mask; ; i = (i + 1) & mask) {
            long ka = k[2 * i], kb = k[2 * i + 1];
            if (ka == 0 && kb == 0) {
                k[2 * i] = a;
                k[2 * i + 1] = b;
                values[i] = value;
                size++;
                return ABSENT;
            }
            if (ka == a && kb == b) {
                int old = values[i];
                if (replace) {
                    values[i] = value;
                }
                return old;
            }
        }
    }

    private void grow() {
        long[] ok = keys;
        int[] ov = values;
        keys = new long[ok.length * 2];
        values = new int[ov.length * 2];
        size = 0;
        for (int i = 0; i < ov.length; i++) {
            if (ok[2 * i] != 0 || ok[2 * i + 1] != 0) {
                putHash(ok[2 * i], ok[2 * i + 1], ov[i], true);
            }
        }
    }

    private static long first(byte[] h) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (h[i] & 0xff);
        }
        return v == 0 ? 1 : v; // (0,0) marks an empty slot
    }

    private static long second(byte[] h) {
        long v = 0;
        for (int i = 8; i < 16; i++) {
            v = (v << 8) | (h[i] & 0xff);
        }
        return v;
    }
}
