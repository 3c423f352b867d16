package org.trawl.checkpoint;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.trawl.core.TrawlException;

/**
 * Reads a checkpoint file (journal or snapshot) line by line, as strict UTF-8, knowing which line it is on.
 * A {@link java.io.BufferedReader} decodes ahead of the line it returns and fails with a bare
 * {@code MalformedInputException}: a user whose journal was damaged (or edited with a Latin-1 editor) got a stack
 * trace and no way to find the line. Here a line that is not UTF-8 is an error naming the file, the line and the way
 * out, except the last line when it has no newline: that is a line torn by a crash (cut inside a character), read
 * with replacement characters so the caller skips it as the torn JSON it is.
 */
final class Utf8LineReader implements Closeable {
    private final Path file;
    private final InputStream in;
    private byte[] buf = new byte[1 << 16];
    private int start;
    private int end;
    private boolean eof;
    private int lineNumber;

    private Utf8LineReader(Path file, InputStream in) {
        this.file = file;
        this.in = in;
    }

    /** A reader of the file, or null if there is none. */
    static Utf8LineReader open(Path file) throws IOException {
        try {
            return new Utf8LineReader(file, Files.newInputStream(file));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** The number of the line {@link #readLine} returned last (1-based). */
    int lineNumber() {
        return lineNumber;
    }

    /** The next line without its terminator ("\n", or "\r\n"), or null at the end of the file. */
    String readLine() throws IOException {
        int scanned = start;
        while (true) {
            for (int i = scanned; i < end; i++) {
                if (buf[i] == '\n') {
                    int len = i - start;
                    if (len > 0 && buf[i - 1] == '\r') {
                        len--;
                    }
                    String line = decode(start, len, true);
                    start = i + 1;
                    return line;
                }
            }
            int read = eof ? -1 : fill();
            if (read < 0) {
                eof = true;
                if (start == end) {
                    return null;
                }
                String last = decode(start, end - start, false);
                start = end;
                return last;
            }
            scanned = end - read; // the bytes before the new ones hold no newline
        }
    }

    /**
     * Reads more bytes after the pending ones (moved to the front, the buffer grown if full); the number read,
     * or -1 at the end of the file.
     */
    private int fill() throws IOException {
        int pending = end - start;
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, pending);
            start = 0;
            end = pending;
        } else if (end == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int n;
        do {
            n = in.read(buf, end, buf.length - end);
        } while (n == 0);
        if (n > 0) {
            end += n;
        }
        return n;
    }

    private String decode(int from, int len, boolean terminated) throws IOException {
        lineNumber++;
        // the JDK's decoding replaces bad bytes, and is fast; U+FFFD in the result is then checked strictly (it may
        // also be a real character the line holds)
        String s = new String(buf, from, len, StandardCharsets.UTF_8);
        if (s.indexOf('\uFFFD') < 0 || !terminated) {
            return s;
        }
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buf, from, len));
            return s;
        } catch (CharacterCodingException e) {
            throw new TrawlException(
                    1,
                    file + ":" + lineNumber + ": not UTF-8 (trawl writes only UTF-8, so the file"
                            + " was damaged or edited): delete that line (its item is then fetched again) and run again");
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
