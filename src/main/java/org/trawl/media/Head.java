package org.trawl.media;

import java.nio.charset.StandardCharsets;

/** Bounds-checked reads of a body's first bytes: past what was read, a value is absent, never an exception. */
final class Head {
    final byte[] b;
    final int n;

    Head(byte[] b, int length) {
        this.b = b;
        this.n = b == null ? 0 : Math.max(0, Math.min(length, b.length));
    }

    boolean has(int off, int len) {
        return off >= 0 && len >= 0 && off + (long) len <= n;
    }

    int u8(int off) {
        return has(off, 1) ? b[off] & 0xFF : -1;
    }

    /** Big-endian unsigned, up to 8 bytes; -1 when out of range. */
    long be(int off, int len) {
        if (!has(off, len)) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < len; i++) {
            v = v << 8 | (b[off + i] & 0xFF);
        }
        return v;
    }

    /** Little-endian unsigned, up to 8 bytes; -1 when out of range. */
    long le(int off, int len) {
        if (!has(off, len)) {
            return -1;
        }
        long v = 0;
        for (int i = len - 1; i >= 0; i--) {
            v = v << 8 | (b[off + i] & 0xFF);
        }
        return v;
    }

    boolean at(int off, String ascii) {
        if (!has(off, ascii.length())) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if ((b[off + i] & 0xFF) != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    boolean at(int off, int... sig) {
        if (!has(off, sig.length)) {
            return false;
        }
        for (int i = 0; i < sig.length; i++) {
            if ((b[off + i] & 0xFF) != sig[i]) {
                return false;
            }
        }
        return true;
    }

    String ascii(int off, int len) {
        return has(off, len) ? new String(b, off, len, StandardCharsets.ISO_8859_1) : "";
    }
}
