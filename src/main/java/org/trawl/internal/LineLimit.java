package org.trawl.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Stops a text input at the first line longer than a limit, as it is read: readers above it (a
 * BufferedReader's readLine, a CSV parser) would otherwise buffer a line of any length whole, and a
 * list with one 10 GB line would take the heap before any message. Counts bytes since the last
 * {@code \n} (in UTF-8 that byte is never part of another character), so the cost is one comparison
 * per byte and the memory is what is being read.
 */
public final class LineLimit extends FilterInputStream {
    /** The line that went over, 1-based, and the limit. */
    public static final class TooLong extends IOException {
        private final long line;

        TooLong(long line, long limit) {
            this(line, "line over " + limit + " bytes (--max-line-bytes)");
        }

        TooLong(long line, String message) {
            super(message);
            this.line = line;
        }

        public long line() {
            return line;
        }
    }

    /** A {@link TooLong} for input bounded some other way (a record, a JSON object). */
    public static TooLong tooLong(long line, String message) {
        return new TooLong(line, message);
    }

    /** Default --max-line-bytes: far above any real list line or archive row, far below a heap. */
    public static final long DEFAULT = 1 << 20;

    private final long limit;
    private long line = 1;
    private long run; // bytes since the last newline

    public LineLimit(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        for (int i = off; i < off + n; i++) {
            count(b[i]);
        }
        return n;
    }

    private void count(byte b) throws TooLong {
        if (b == '\n') {
            line++;
            run = 0;
        } else if (++run > limit) {
            throw new TooLong(line, limit);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(n, 8192)];
        int r = read(buf, 0, buf.length); // counted like any read
        return Math.max(r, 0);
    }
}
