package org.trawl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CsvTest {
    private static final String ALPHABET = "ab,\"\n\r=+-@ é";

    @Test
    void aFieldIsQuotedExactlyWhenItHoldsASeparatorAQuoteALineBreakOrStartsLikeAFormula() {
        Random rnd = new Random(7);
        for (int n = 0; n < 20_000; n++) {
            String v = randomText(rnd);
            boolean special = v.indexOf(',') >= 0
                    || v.indexOf('"') >= 0
                    || v.indexOf('\n') >= 0
                    || v.indexOf('\r') >= 0
                    || !v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0;
            String want = special ? '"' + v.replace("\"", "\"\"") + '"' : v;
            assertEquals(want, Csv.field(v), () -> "field of [" + v + "]");
            assertEquals(want, Csv.appendField(new StringBuilder(), v).toString());
        }
        assertEquals("", Csv.field(null));
        assertEquals("", Csv.appendField(new StringBuilder(), null).toString());
    }

    @Test
    void rowsReadBackAsWritten() throws Exception {
        Random rnd = new Random(11);
        StringBuilder file = new StringBuilder();
        List<List<String>> rows = new ArrayList<>();
        for (int n = 0; n < 2_000; n++) {
            List<String> row = new ArrayList<>();
            for (int i = 0, k = 1 + rnd.nextInt(5); i < k; i++) {
                row.add(randomText(rnd));
            }
            if (row.size() == 1 && row.get(0).isEmpty()) {
                row.set(0, "x"); // a record of one empty field is a blank line, which the reader skips
            }
            rows.add(row);
            file.append(Csv.row(row));
        }
        try (Csv.Reader r = new Csv.Reader(new StringReader(file.toString()), ',')) {
            for (List<String> want : rows) {
                assertEquals(want, r.next());
            }
            assertEquals(null, r.next());
        }
    }

    @Test
    void rowsReadBackAsWrittenWhenTheInputArrivesInSmallPieces() throws Exception {
        Random rnd = new Random(13);
        StringBuilder file = new StringBuilder();
        List<List<String>> rows = new ArrayList<>();
        for (int n = 0; n < 2_000; n++) {
            List<String> row = List.of("plain-" + n + "-" + randomText(rnd).replace("\r", ""), randomText(rnd));
            rows.add(row);
            String line = Csv.row(row);
            file.append(line, 0, line.length() - 1).append(n % 3 == 0 ? "\r\n" : "\n");
        }
        // a reader that hands out 1 to 3 characters at a time: every field and line end crosses a refill
        java.io.Reader trickle = new java.io.FilterReader(new StringReader(file.toString())) {
            @Override
            public int read(char[] cbuf, int off, int len) throws java.io.IOException {
                return super.read(cbuf, off, Math.min(len, 1 + rnd.nextInt(3)));
            }
        };
        try (Csv.Reader r = new Csv.Reader(trickle, ',')) {
            for (int n = 0; n < rows.size(); n++) {
                assertEquals(rows.get(n), r.next());
            }
            assertEquals(null, r.next());
        }
    }

    @Test
    void aRecordOverTheLimitStopsTheReadAndNamesItsLine() throws Exception {
        String file = "url,label\nhttp://h/" + "a".repeat(100) + ",x\nhttp://h/b,y\n";
        try (Csv.Reader r = new Csv.Reader(new StringReader(file), ',').limit(50)) {
            assertEquals(List.of("url", "label"), r.next());
            LineLimit.TooLong e = org.junit.jupiter.api.Assertions.assertThrows(LineLimit.TooLong.class, r::next);
            assertEquals(2, e.line());
        }
        try (Csv.Reader r = new Csv.Reader(new StringReader(file), ',').limit(120)) {
            r.next();
            assertEquals(List.of("http://h/" + "a".repeat(100), "x"), r.next());
        }
    }

    private static String randomText(Random rnd) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0, n = rnd.nextInt(6); i < n; i++) {
            sb.append(ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
