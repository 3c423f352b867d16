package org.trawl.card;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.trawl.internal.Csv;

/**
 * One of the dataset's CSV tables read row by row, columns looked up by their header name: other parts of
 * trawl add columns (a source's own, media_type), and the card must not depend on where they sit.
 */
public final class Table {
    private Table() {}

    /** One row; a column the table lacks reads as "". */
    public record Row(Map<String, Integer> columns, List<String> values) {
        public String get(String column) {
            Integer i = columns.get(column);
            return i == null || i >= values.size() ? "" : values.get(i);
        }

        /** The value as a number, or -1 when empty or not a number. */
        public long number(String column) {
            String v = get(column);
            try {
                return v.isEmpty() ? -1 : Long.parseLong(v);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }

    /** Feeds each row of {@code file} to {@code each}; a missing file has no rows. Returns the row count. */
    public static long forEach(Path file, Consumer<Row> each) {
        if (!Files.isRegularFile(file)) {
            return 0;
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<String> header = record(in);
            if (header == null) {
                return 0;
            }
            Map<String, Integer> columns = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                columns.putIfAbsent(header.get(i).strip(), i);
            }
            long n = 0;
            for (List<String> r = record(in); r != null; r = record(in)) {
                if (r.size() == 1 && r.get(0).isEmpty()) {
                    continue; // a blank line
                }
                each.accept(new Row(columns, r));
                n++;
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One RFC 4180 record, read a line at a time: the tables trawl writes ({@link Csv#row}) quote only the
     * fields that need it, so most lines are split on commas without looking at each character twice. A
     * quoted field may span lines. Why not {@link Csv.Reader}: it reads a character at a time, which took
     * 8 s of a million-row metadata.csv, and the report must take less than 5 s in all.
     */
    static List<String> record(BufferedReader in) throws IOException {
        String line = in.readLine();
        if (line == null) {
            return null;
        }
        List<String> fields = new ArrayList<>(24);
        if (line.indexOf('"') < 0) {
            int from = 0;
            for (int comma = line.indexOf(','); comma >= 0; comma = line.indexOf(',', from)) {
                fields.add(line.substring(from, comma));
                from = comma + 1;
            }
            fields.add(line.substring(from));
            return fields;
        }
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        int i = 0;
        while (true) {
            if (i == line.length()) {
                if (!quoted) {
                    fields.add(field.toString());
                    return fields;
                }
                String next = in.readLine();
                if (next == null) { // an unterminated quote at the end: keep what there is
                    fields.add(field.toString());
                    return fields;
                }
                field.append('\n');
                line = next;
                i = 0;
                continue;
            }
            char c = line.charAt(i++);
            if (quoted) {
                if (c == '"') {
                    if (i < line.length() && line.charAt(i) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
    }
}
