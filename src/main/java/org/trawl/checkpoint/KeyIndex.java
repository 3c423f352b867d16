package org.trawl.checkpoint;

import org.trawl.internal.Hashes;

/**
 * A compact map from item key to a small int, keyed by the first 128 bits of SHA-1(key).
 * Written by hand because a HashMap of a million String keys costs ~150 MB; this costs ~40 MB
 * and a 128-bit collision among a billion keys has a probability below 1e-20.
 */
public final class KeyIndex {
    public static final int ABSENT = -1;
    private long[] hi;
    private long[] lo;
    private int[] values;
    private int size;

    public KeyIndex() {
        this(1024);
    }

    public KeyIndex(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1;
        hi = new long[cap];
        lo = new long[cap];
        values = new int[cap];
    }

    public int size() {
        return size;
    }

    public int get(String key) {
        byte[] h = Hashes.sha1(key);
        long a = first(h), b = second(h);
        int mask = hi.length - 1;
        for (int i = (int) (a ^ (a >>> 32)) & mask; ; i = (i + 1) & mask) {
            if (hi[i] == 0 && lo[i] == 0) {
                return ABSENT;
            }
            if (hi[i] == a && lo[i] == b) {
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
        if ((size + 1) * 10L > hi.length * 6L) {
            grow();
        }
        byte[] h = Hashes.sha1(key);
        return putHash(first(h), second(h), value, replace);
    }

    private int putHash(long a, long b, int value, boolean replace) {
        int mask = hi.length - 1;
        for (int i = (int) (a ^ (a >>> 32)) & mask; ; i = (i + 1) & mask) {
            if (hi[i] == 0 && lo[i] == 0) {
                hi[i] = a;
                lo[i] = b;
                values[i] = value;
                size++;
                return ABSENT;
            }
            if (hi[i] == a && lo[i] == b) {
                int old = values[i];
                if (replace) {
                    values[i] = value;
                }
                return old;
            }
        }
    }

    private void grow() {
        long[] oh = hi, ol = lo;
        int[] ov = values;
        hi = new long[oh.length * 2];
        lo = new long[oh.length * 2];
        values = new int[oh.length * 2];
        size = 0;
        for (int i = 0; i < oh.length; i++) {
            if (oh[i] != 0 || ol[i] != 0) {
                putHash(oh[i], ol[i], ov[i], true);
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
