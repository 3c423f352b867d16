package org.trawl.card;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                Csv.Reader csv = new Csv.Reader(in, ',')) {
            List<String> header = csv.next();
            if (header == null) {
                return 0;
            }
            Map<String, Integer> columns = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                columns.putIfAbsent(header.get(i).strip(), i);
            }
            long n = 0;
            for (List<String> r = csv.next(); r != null; r = csv.next()) {
                each.accept(new Row(columns, r));
                n++;
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
