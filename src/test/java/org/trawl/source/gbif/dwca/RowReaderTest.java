package org.trawl.source.gbif.dwca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The byte splitter: quoting, line ends, charsets, and rows that straddle its 64 KiB buffer. */
class RowReaderTest {

    private static List<String[]> rows(String text, Charset cs, char sep, char quote, int header) throws IOException {
        return rows(new ByteArrayInputStream(text.getBytes(cs)), cs, sep, quote, header);
    }

    private static List<String[]> rows(InputStream in, Charset cs, char sep, char quote, int header)
            throws IOException {
        List<String[]> out = new ArrayList<>();
        try (RowReader r = new RowReader(in, cs, sep, '\n', quote, header)) {
            while (r.next()) {
                out.add(r.all());
            }
        }
        return out;
    }

    @Test
    void quotedFieldsKeepSeparatorsLineEndsAndDoubledQuotes() throws IOException {
        List<String[]> r = rows(
                "id,name,note\n1,\"Quercus, robur\",\"say \"\"oak\"\"\"\n2,\"two\nlines\",x\n",
                StandardCharsets.UTF_8,
                ',',
                '"',
                1);
        assertEquals(2, r.size());
        assertArrayEquals(new String[] {"1", "Quercus, robur", "say \"oak\""}, r.get(0));
        assertArrayEquals(new String[] {"2", "two\nlines", "x"}, r.get(1));
    }

    @Test
    void aQuoteInsideAnUnquotedFieldIsData() throws IOException {
        List<String[]> r = rows("a\t5\"6 tall\t\"q\"rest\n", StandardCharsets.UTF_8, '\t', '"', 0);
        assertArrayEquals(new String[] {"a", "5\"6 tall", "qrest"}, r.get(0));
    }

    @Test
    void withoutAQuoteCharacterQuotesAreData() throws IOException {
        List<String[]> r = rows("\"a\"\tb\n", StandardCharsets.UTF_8, '\t', (char) 0, 0);
        assertArrayEquals(new String[] {"\"a\"", "b"}, r.get(0));
    }

    @Test
    void crLfEndsEmptyFieldsBlankLinesAndNoFinalNewline() throws IOException {
        List<String[]> r = rows("\uFEFFa\t\tc\r\n\r\n\nd\te", StandardCharsets.UTF_8, '\t', (char) 0, 0);
        assertEquals(2, r.size());
        assertArrayEquals(new String[] {"a", "", "c"}, r.get(0));
        assertArrayEquals(new String[] {"d", "e"}, r.get(1));
    }

    @Test
    void rowsAndQuotedFieldsStraddlingTheBufferAreWhole() throws IOException {
        String longPlain = "p".repeat(70_000);
        String longQuoted = "q,\n\"".repeat(30_000).replace("\"", "\"\"");
        String text = "x".repeat(65_530) + "\t" + longPlain + "\n\"" + longQuoted + "\"\tend\n";
        // a stream that hands out odd-sized chunks, as an inflater does
        InputStream chunky = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 4093));
            }
        };
        List<String[]> r = rows(chunky, StandardCharsets.UTF_8, '\t', '"', 0);
        assertEquals(2, r.size());
        assertEquals("x".repeat(65_530), r.get(0)[0]);
        assertEquals(longPlain, r.get(0)[1]);
        assertEquals("q,\n\"".repeat(30_000), r.get(1)[0]);
        assertEquals("end", r.get(1)[1]);
    }

    @Test
    void utf16IsTranscodedAndLatin1Decoded() throws IOException {
        assertArrayEquals(
                new String[] {"Bär", "ü"},
                rows("Bär\tü\n", StandardCharsets.UTF_16, '\t', '"', 0).get(0));
        assertArrayEquals(
                new String[] {"Bär", "ü"},
                rows("Bär\tü\n", StandardCharsets.ISO_8859_1, '\t', '"', 0).get(0));
    }

    @Test
    void numericAcceptsOnlyCanonicalDecimals() throws IOException {
        try (RowReader r = new RowReader(
                new ByteArrayInputStream("42\t007\t-1\t\t12a\n".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8,
                '\t',
                '\n',
                '"',
                0)) {
            assertTrue(r.next());
            assertEquals(42, r.numeric(0));
            assertEquals(-1, r.numeric(1));
            assertEquals(-1, r.numeric(2));
            assertEquals(-1, r.numeric(3));
            assertEquals(-1, r.numeric(4));
            assertFalse(r.next());
        }
    }
}
