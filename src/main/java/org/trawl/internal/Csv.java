package org.trawl.internal;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV, both ways: quoted fields, doubled quotes, embedded separators and newlines.
 * Hand-written because it is 80 lines and a library would add a dependency to the native image.
 */
public final class Csv {
    private Csv() {}

    public static String field(String v) {
        if (v == null) {
            return "";
        }
        return needsQuotes(v)
                ? appendField(new StringBuilder(v.length() + 8), v).toString()
                : v;
    }

    private static boolean needsQuotes(String v) {
        // indexOf is vectorised (and in the native image an intrinsic), a charAt loop is not: metadata.csv at a
        // million rows spends its time here
        return !v.isEmpty()
                && ("=+-@".indexOf(v.charAt(0)) >= 0 // a leading = + - @ would run as a spreadsheet formula
                        || v.indexOf(',') >= 0
                        || v.indexOf('"') >= 0
                        || v.indexOf('\n') >= 0
                        || v.indexOf('\r') >= 0);
    }

    /** Appends v as one field (nothing for null). */
    public static StringBuilder appendField(StringBuilder sb, String v) {
        if (v == null) {
            return sb;
        }
        return needsQuotes(v) ? sb.append('"').append(v.replace("\"", "\"\"")).append('"') : sb.append(v);
    }

    public static String row(List<String> values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            appendField(sb, values.get(i));
        }
        return sb.append('\n').toString();
    }

    /** Streams records from a reader; {@link #line()} is the line a record started on (1-based). */
    public static final class Reader implements AutoCloseable {
        private final java.io.Reader in;
        private final char sep;
        // our own buffer: a read() per character through BufferedReader takes its lock every time, and a
        // buffer we can see lets a field's plain characters be appended in one go (1M-row lists: see appendPlain)
        private final char[] buf = new char[1 << 13];
        private int pos;
        private int lim;
        private int line = 1;
        private int recordLine;
        private int peeked = -2;
        private long maxRecord = Long.MAX_VALUE;
        private long taken; // characters of the current record read so far

        public Reader(java.io.Reader in, char sep) {
            this.in = in;
            this.sep = sep;
        }

        /**
         * Stops at a record of more than {@code maxChars} characters ({@link LineLimit.TooLong}) before it is
         * held whole: {@link LineLimit} bounds a line, but a quoted field may span any number of lines.
         */
        public Reader limit(long maxChars) {
            this.maxRecord = maxChars;
            return this;
        }

        public int line() {
            return recordLine;
        }

        private int read() throws IOException {
            if (peeked != -2) {
                int c = peeked;
                peeked = -2;
                return c;
            }
            if (++taken > maxRecord) {
                throw tooLong();
            }
            if (pos == lim && !fill()) {
                return -1;
            }
            return buf[pos++];
        }

        private boolean fill() throws IOException {
            int n;
            do {
                n = in.read(buf, 0, buf.length);
            } while (n == 0);
            pos = 0;
            lim = Math.max(n, 0);
            return n > 0;
        }

        private LineLimit.TooLong tooLong() {
            return new LineLimit.TooLong(recordLine, "record over " + maxRecord + " characters (--max-line-bytes)");
        }

        /**
         * Appends the buffered run of characters that end nothing (no separator, quote or line end) to f and
         * skips them, counted against the record limit as read() would.
         */
        private void appendPlain(StringBuilder f) throws LineLimit.TooLong {
            int i = pos;
            char s = sep;
            while (i < lim) {
                char ch = buf[i];
                if (ch == s || ch == '"' || ch == '\n' || ch == '\r') {
                    break;
                }
                i++;
            }
            int n = i - pos;
            if (n > 0) {
                if ((taken += n) > maxRecord) {
                    throw tooLong();
                }
                f.append(buf, pos, n);
                pos = i;
            }
        }

        /** The next record, or null at the end. Throws IOException on an unterminated quote. */
        public List<String> next() throws IOException {
            taken = Long.MIN_VALUE; // blank lines before the record are not kept: not counted
            int c = skipBlankLines();
            if (c == -1) {
                return null;
            }
            recordLine = line;
            taken = 1; // c
            List<String> out = new ArrayList<>();
            StringBuilder f = new StringBuilder();
            boolean quoted = false;
            boolean wasQuoted = false;
            while (true) {
                if (quoted) {
                    if (c == -1) {
                        throw new IOException("unterminated quoted field starting on line " + recordLine);
                    }
                    if (c == '"') {
                        int d = read();
                        if (d == '"') {
                            f.append('"');
                        } else {
                            quoted = false;
                            c = d;
                            continue;
                        }
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        f.append((char) c);
                    }
                } else if (c == '"' && f.length() == 0 && !wasQuoted) {
                    quoted = true;
                    wasQuoted = true;
                } else if (c == sep) {
                    out.add(f.toString());
                    f.setLength(0);
                    wasQuoted = false;
                } else if (c == '\n' || c == '\r' || c == -1) {
                    endLine(c);
                    out.add(f.toString());
                    return out;
                } else {
                    f.append((char) c);
                    if (peeked == -2) {
                        appendPlain(f);
                    }
                }
                c = read();
            }
        }

        /** The first character after any blank lines between records; -1 at the end. */
        private int skipBlankLines() throws IOException {
            int c = read();
            while (c == '\r' || c == '\n') {
                if (c == '\n') {
                    line++;
                }
                c = read();
            }
            return c;
        }

        /** The end of a record's line at {@code c}: "\r\n" is one end, and the end of the input none. */
        private void endLine(int c) throws IOException {
            if (c == '\r') {
                int d = read();
                if (d != '\n') {
                    peeked = d;
                }
            }
            if (c != -1) {
                line++;
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
