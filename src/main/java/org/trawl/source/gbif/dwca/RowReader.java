package org.trawl.source.gbif.dwca;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Streams the rows of one delimited data file. It splits bytes, not characters: the separators of a
 * DwC-A are ASCII, so for UTF-8 and the single-byte charsets only the fields asked for are ever
 * decoded (a GBIF core row has ~250 columns, of which a source reads a dozen). Files in a charset that
 * is not ASCII-compatible (UTF-16) are transcoded to UTF-8 on the fly. Memory: one buffer plus the
 * current row.
 */
public final class RowReader implements Closeable {
    private final InputStream in;
    private final Charset charset;
    private final byte sep;
    private final byte eol;
    private final byte quote;
    private final boolean quoted;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int lim;
    private boolean eof;
    private byte[] row = new byte[1024];
    private int rowLen;
    private int[] starts = new int[64];
    private int[] ends = new int[64];
    private int n;
    private long rows;
    private long line; // rows read so far, blank and header ones included: the current row's line, less quoted newlines
    private long maxRow = Long.MAX_VALUE;
    private String name = "";

    public RowReader(InputStream raw, FileSpec spec) throws IOException {
        this(raw, spec.encoding(), spec.fieldSep(), spec.lineSep(), spec.quote(), spec.headerLines());
    }

    public RowReader(InputStream raw, Charset cs, char fieldSep, char lineSep, char quoteChar, int headerLines)
            throws IOException {
        if (fieldSep > 127 || lineSep > 127 || quoteChar > 127) {
            throw new DwcaException("only ASCII separators are supported");
        }
        boolean ascii = Arrays.equals("a\t,\n\"".getBytes(cs), "a\t,\n\"".getBytes(StandardCharsets.US_ASCII));
        this.in = ascii ? raw : new Utf8Transcoder(new InputStreamReader(raw, cs));
        this.charset = ascii ? cs : StandardCharsets.UTF_8;
        this.sep = (byte) fieldSep;
        this.eol = (byte) lineSep;
        this.quote = (byte) quoteChar;
        this.quoted = quoteChar != 0;
        skipBom();
        for (int i = 0; i < headerLines && next(); i++) {
            // header rows carry no data
        }
        rows = 0;
    }

    /**
     * Stops at a row of more than {@code max} bytes, separators included, before it is buffered whole:
     * a {@link DwcaException} "name:line: row over N bytes".
     */
    public RowReader limit(long max, String fileName) {
        this.maxRow = max;
        this.name = fileName;
        return this;
    }

    /** Reads the next non-blank row; false at the end of the file. */
    public boolean next() throws IOException {
        while (true) {
            if (!readRow()) {
                return false;
            }
            if (n > 1 || rowLen > 0) {
                rows++;
                return true;
            }
        }
    }

    /** Column i of the current row, decoded; "" when the row is shorter. */
    public String get(int i) {
        if (i < 0 || i >= n) {
            return "";
        }
        int len = ends[i] - starts[i];
        return len == 0 ? "" : new String(row, starts[i], len, charset);
    }

    /** True when column i is absent or empty. */
    public boolean isEmpty(int i) {
        return i < 0 || i >= n || ends[i] == starts[i];
    }

    /** True when the raw bytes are UTF-8 (so they can be copied without decoding). */
    public boolean rawIsUtf8() {
        return charset.equals(StandardCharsets.UTF_8) || charset.equals(StandardCharsets.US_ASCII);
    }

    /** Appends column i's raw bytes to {@code out}. */
    public void copyRaw(int i, Bytes out) {
        if (!isEmpty(i)) {
            out.append(row, starts[i], ends[i] - starts[i]);
        }
    }

    public int rawLength(int i) {
        return isEmpty(i) ? 0 : ends[i] - starts[i];
    }

    /** Column i as a canonical decimal (no sign, no leading zero, at most 18 digits), or -1; no String made. */
    public long numeric(int i) {
        if (isEmpty(i)) {
            return -1;
        }
        int len = ends[i] - starts[i];
        if (len > 18 || (len > 1 && row[starts[i]] == '0')) {
            return -1;
        }
        long v = 0;
        for (int k = starts[i]; k < ends[i]; k++) {
            int c = row[k] - '0';
            if (c < 0 || c > 9) {
                return -1;
            }
            v = v * 10 + c;
        }
        return v;
    }

    /** A growable byte buffer (the spill writers' record builder). */
    public static final class Bytes {
        byte[] data = new byte[512];
        int size;

        public void append(byte[] b, int off, int len) {
            if (size + len > data.length) {
                data = Arrays.copyOf(data, Math.max(data.length * 2, size + len));
            }
            System.arraycopy(b, off, data, size, len);
            size += len;
        }

        public void append(int b) {
            if (size == data.length) {
                data = Arrays.copyOf(data, data.length * 2);
            }
            data[size++] = (byte) b;
        }

        public void varint(int v) {
            while ((v & ~0x7f) != 0) {
                append((v & 0x7f) | 0x80);
                v >>>= 7;
            }
            append(v);
        }

        public void reset() {
            size = 0;
        }

        public int size() {
            return size;
        }

        public byte[] array() {
            return data;
        }
    }

    /** The row's columns as read (for a header row). */
    public String[] all() {
        String[] a = new String[n];
        for (int i = 0; i < n; i++) {
            a[i] = get(i);
        }
        return a;
    }

    public int size() {
        return n;
    }

    /** Rows returned so far (after the header). */
    public long rows() {
        return rows;
    }

    private boolean readRow() throws IOException {
        n = 0;
        rowLen = 0;
        if (pos >= lim && !fill()) {
            return false;
        }
        line++;
        long budget =
                maxRow; // bytes this row may still take, separators included (a row of tabs grows the field arrays)
        int fieldStart = 0;
        boolean inQuotes = false;
        boolean fieldFresh = true;
        while (true) {
            if (pos >= lim && !fill()) {
                endField(fieldStart);
                return true;
            }
            // fast path: copy a run of plain bytes in one go; a byte-at-a-time copy was a third of the
            // planning time of a 1M-occurrence archive (bench/results/dwca.md)
            int run = plainRun(inQuotes);
            if ((budget -= Math.max(run, 1)) < 0) {
                throw rowTooLong();
            }
            if (run > 0) {
                appendRun(run);
                fieldFresh = false;
                continue;
            }
            byte b = buf[pos++];
            if (inQuotes) {
                inQuotes = quotedByte(b);
                continue;
            }
            if (b == sep) {
                endField(fieldStart);
                fieldStart = rowLen;
                fieldFresh = true;
                continue;
            }
            if (b == eol) {
                endLastField(fieldStart);
                return true;
            }
            if (quoted && b == quote && fieldFresh) {
                inQuotes = true;
                fieldFresh = false;
                continue;
            }
            fieldFresh = false;
            append(b);
        }
    }

    /**
     * A byte inside quotes: data, the first of a doubled quote (one quote of data) or the closing quote.
     * Whether the quotes go on.
     */
    private boolean quotedByte(byte b) throws IOException {
        if (b != quote) {
            append(b);
            return true;
        }
        if ((pos < lim || fill()) && buf[pos] == quote) {
            pos++;
            append(b);
            return true;
        }
        return false;
    }

    /** Ends the row's last field at the end of its line. */
    private void endLastField(int fieldStart) {
        // "\r\n" files under linesTerminatedBy="\n": the '\r' is not data
        if (eol == '\n' && rowLen > fieldStart && row[rowLen - 1] == '\r') {
            rowLen--;
        }
        endField(fieldStart);
    }

    private DwcaException rowTooLong() {
        return new DwcaException(name + ":" + line + ": row over " + maxRow + " bytes (--max-line-bytes)");
    }

    /** How many bytes from pos hold no separator, end of line or quote (only the quote inside quotes). */
    private int plainRun(boolean inQuotes) {
        byte[] b = buf;
        int p = pos, l = lim;
        if (inQuotes) {
            byte q = quote;
            while (p < l && b[p] != q) {
                p++;
            }
        } else {
            byte s = sep, e = eol, q = quoted ? quote : sep;
            while (p < l) {
                byte c = b[p];
                if (c == s || c == e || c == q) {
                    break;
                }
                p++;
            }
        }
        return p - pos;
    }

    private void appendRun(int len) {
        if (rowLen + len > row.length) {
            row = Arrays.copyOf(row, Math.max(row.length * 2, rowLen + len));
        }
        System.arraycopy(buf, pos, row, rowLen, len);
        rowLen += len;
        pos += len;
    }

    private void append(byte b) {
        if (rowLen == row.length) {
            row = Arrays.copyOf(row, row.length * 2);
        }
        row[rowLen++] = b;
    }

    private void endField(int start) {
        if (n == starts.length) {
            starts = Arrays.copyOf(starts, n * 2);
            ends = Arrays.copyOf(ends, n * 2);
        }
        starts[n] = start;
        ends[n] = rowLen;
        n++;
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int r;
        do {
            r = in.read(buf, 0, buf.length);
        } while (r == 0);
        if (r < 0) {
            eof = true;
            pos = lim = 0;
            return false;
        }
        pos = 0;
        lim = r;
        return true;
    }

    private void skipBom() throws IOException {
        if (!fill()) {
            return;
        }
        while (lim < 3 && !eof) {
            int r = in.read(buf, lim, buf.length - lim);
            if (r < 0) {
                eof = lim == 0;
                break;
            }
            lim += r;
        }
        if (lim >= 3 && (buf[0] & 0xff) == 0xEF && (buf[1] & 0xff) == 0xBB && (buf[2] & 0xff) == 0xBF) {
            pos = 3;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Re-encodes a character stream as UTF-8 bytes, so the byte splitter can read UTF-16 files too. */
    private static final class Utf8Transcoder extends InputStream {
        private final Reader reader;
        private final CharsetEncoder enc = StandardCharsets.UTF_8
                .newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        private final CharBuffer chars = CharBuffer.allocate(8192);
        private final ByteBuffer bytes = ByteBuffer.allocate(32768);
        private boolean done;

        Utf8Transcoder(Reader reader) {
            this.reader = reader;
            bytes.flip();
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (!bytes.hasRemaining()) {
                if (done) {
                    return -1;
                }
                int r = reader.read(chars);
                chars.flip();
                bytes.clear();
                CoderResult cr = enc.encode(chars, bytes, r < 0);
                if (cr.isError()) {
                    cr.throwException();
                }
                if (r < 0) {
                    enc.flush(bytes);
                    done = true;
                }
                chars.compact();
                bytes.flip();
            }
            int k = Math.min(len, bytes.remaining());
            bytes.get(b, off, k);
            return k;
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }
}
