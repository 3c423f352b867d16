package org.trawl.image.codec;

import java.io.IOException;
import java.io.InputStream;

/** A buffered byte reader over a stream, without the synchronisation of BufferedInputStream. */
final class ByteInput {
    private final InputStream in;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int lim;

    ByteInput(InputStream in) {
        this.in = in;
    }

    /** The next byte, or -1 at the end. */
    int read() throws IOException {
        if (pos == lim) {
            lim = in.read(buf, 0, buf.length);
            pos = 0;
            if (lim <= 0) {
                lim = 0;
                return -1;
            }
        }
        return buf[pos++] & 0xFF;
    }

    int u8() throws IOException {
        int b = read();
        if (b < 0) {
            throw DecodeException.corrupt("truncated file");
        }
        return b;
    }

    int u16() throws IOException {
        return u8() << 8 | u8();
    }

    void readFully(byte[] b, int off, int len) throws IOException {
        for (int i = 0; i < len; ) {
            if (pos == lim) {
                if (read() < 0) {
                    throw DecodeException.corrupt("truncated file");
                }
                pos--;
            }
            int n = Math.min(len - i, lim - pos);
            System.arraycopy(buf, pos, b, off + i, n);
            pos += n;
            i += n;
        }
    }

    void skip(long n) throws IOException {
        while (n > 0) {
            if (pos == lim && read() >= 0) {
                pos--;
            }
            if (pos == lim) {
                throw DecodeException.corrupt("truncated file");
            }
            int k = (int) Math.min(n, lim - pos);
            pos += k;
            n -= k;
        }
    }
}
