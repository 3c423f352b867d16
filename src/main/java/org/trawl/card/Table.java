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
import java.util.Set;
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
        return forEach(file, null, each);
    }

    /**
     * As {@link #forEach(Path, Consumer)}, but only the columns named in {@code wanted} (all when null) are
     * made into strings; the others read as "". The card needs a third of a GBIF metadata.csv's columns, and
     * copying the rest (URLs, hashes, taxonomy) was most of the time of a million rows.
     */
    public static long forEach(Path file, Set<String> wanted, Consumer<Row> each) {
        if (!Files.isRegularFile(file)) {
            return 0;
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<String> header = record(in);
            if (header == null) {
                return 0;
            }
            Map<String, Integer> columns = new HashMap<>();
            boolean[] keep = new boolean[header.size()];
            for (int i = 0; i < header.size(); i++) {
                String name = header.get(i).strip();
                columns.putIfAbsent(name, i);
                keep[i] = wanted == null || wanted.contains(name);
            }
            long n = 0;
            for (List<String> r = record(in, keep); r != null; r = record(in, keep)) {
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

    private static boolean kept(boolean[] keep, int column) {
        return keep == null || column >= keep.length || keep[column];
    }

    /**
     * One RFC 4180 record, read a line at a time: the tables trawl writes ({@link Csv#row}) quote only the
     * fields that need it, so most lines are split on commas without looking at each character twice. A
     * quoted field may span lines. Why not {@link Csv.Reader}: it reads a character at a time, which took
     * 8 s of a million-row metadata.csv, and the report must take less than 5 s in all.
     */
    static List<String> record(BufferedReader in) throws IOException {
        return record(in, null);
    }

    /** As {@link #record(BufferedReader)}; on a line without quotes, a column not in {@code keep} reads "". */
    static List<String> record(BufferedReader in, boolean[] keep) throws IOException {
        String line = in.readLine();
        if (line == null) {
            return null;
        }
        List<String> fields = new ArrayList<>(24);
        if (line.indexOf('"') < 0) {
            int from = 0;
            for (int comma = line.indexOf(','); comma >= 0; comma = line.indexOf(',', from)) {
                fields.add(kept(keep, fields.size()) ? line.substring(from, comma) : "");
                from = comma + 1;
            }
            fields.add(kept(keep, fields.size()) ? line.substring(from) : "");
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
