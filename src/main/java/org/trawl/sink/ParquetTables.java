package org.trawl.sink;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.trawl.checkpoint.ItemRecord;
import org.trawl.internal.Csv;
import org.trawl.media.StreamInfo;
import org.trawl.plan.PlannedItem;
import org.trawl.source.DatasetSink;
import org.trawl.table.ParquetTableWriter;
import org.trawl.table.TableColumn;

/**
 * {@code --tables parquet}: OUT/metadata.parquet and OUT/failures.parquet, the same rows as metadata.csv and
 * failures.csv with real column types. They are made from the CSV tables after these are rebuilt, under the
 * same lock (a sink's close is called under it by SinkPass), so they hold every shard's rows exactly as the CSVs do. The standard columns have fixed types
 * (bytes, width, height, sample_rate, channels, attempts: int64; duration_s: double); a source's own column is
 * int64, double or a UTC timestamp when every value in it reads as one, else a string. An empty value is null.
 */
public final class ParquetTables implements DatasetSink {
    static final Map<String, TableColumn.Type> FIXED = Map.of(
            "bytes",
            TableColumn.Type.INT64,
            "width",
            TableColumn.Type.INT64,
            "height",
            TableColumn.Type.INT64,
            StreamInfo.DURATION,
            TableColumn.Type.DOUBLE,
            StreamInfo.SAMPLE_RATE,
            TableColumn.Type.INT64,
            StreamInfo.CHANNELS,
            TableColumn.Type.INT64,
            "attempts",
            TableColumn.Type.INT64);

    private final Path out;

    public ParquetTables(Path out) {
        this.out = out;
    }

    @Override
    public void accept(PlannedItem item, ItemRecord record) {
        // the CSV tables already hold every shard's rows: nothing to gather per item
    }

    @Override
    public void close() throws IOException {
        // SinkPass calls this under the tables lock, after the CSV tables were rebuilt
        convert(out.resolve("metadata.csv"), out.resolve("metadata.parquet"), DatasetTables.METADATA_COLUMNS);
        convert(out.resolve("failures.csv"), out.resolve("failures.parquet"), DatasetTables.FAILURE_COLUMNS);
    }

    /** Writes csv's rows to parquet (aside, then renamed); standard columns are never guessed at. */
    static void convert(Path csv, Path parquet, List<String> standard) throws IOException {
        if (!Files.exists(csv)) {
            return;
        }
        List<String> header;
        List<Guess> guesses = new ArrayList<>();
        try (Csv.Reader r = reader(csv)) {
            header = r.next();
            if (header == null) {
                return;
            }
            for (String name : header) {
                guesses.add(FIXED.containsKey(name) || standard.contains(name) ? null : new Guess());
            }
            for (List<String> row; (row = r.next()) != null; ) {
                for (int i = 0; i < guesses.size() && i < row.size(); i++) {
                    if (guesses.get(i) != null) {
                        guesses.get(i).see(row.get(i));
                    }
                }
            }
        }
        List<TableColumn> columns = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            TableColumn.Type t =
                    guesses.get(i) != null ? guesses.get(i).type() : FIXED.getOrDefault(name, TableColumn.Type.STRING);
            columns.add(new TableColumn(name, t));
        }
        Path tmp = parquet.resolveSibling("." + parquet.getFileName() + ".tmp");
        try (Csv.Reader r = reader(csv);
                ParquetTableWriter w = ParquetTableWriter.create(tmp, columns)) {
            r.next();
            List<Object> values = new ArrayList<>(columns.size());
            for (List<String> row; (row = r.next()) != null; ) {
                values.clear();
                for (int i = 0; i < columns.size(); i++) {
                    values.add(i < row.size() ? value(columns.get(i).type(), row.get(i)) : null);
                }
                w.write(values);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, parquet, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static Csv.Reader reader(Path csv) throws IOException {
        BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
        return new Csv.Reader(in, ',');
    }

    private static Object value(TableColumn.Type type, String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        return switch (type) {
            case STRING -> s;
            case INT64 -> Long.parseLong(s);
            case DOUBLE -> Double.parseDouble(s);
            case TIMESTAMP -> timestamp(s);
            case BOOLEAN -> Boolean.parseBoolean(s);
        };
    }

    /** An ISO-8601 instant with its offset (2026-12-07T10:00:00Z, 2026-12-07T11:00:00+01:00), or null. */
    private static Instant timestamp(String s) {
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The narrowest type every value of a column reads as. An integer with a leading zero or a plus sign stays
     * text (an id like 007 must keep its zeros); a timestamp must carry its offset, so none is read in a zone.
     */
    static final class Guess {
        private boolean anyValue;
        private boolean int64 = true;
        private boolean float64 = true;
        private boolean time = true;

        void see(String s) {
            if (s == null || s.isEmpty()) {
                return;
            }
            anyValue = true;
            if (int64) {
                int64 = isInteger(s);
            }
            if (float64 && !int64) {
                float64 = isDecimal(s);
            }
            if (time) {
                time = s.length() >= 20 && s.charAt(4) == '-' && timestamp(s) != null;
            }
        }

        TableColumn.Type type() {
            if (!anyValue) {
                return TableColumn.Type.STRING;
            }
            if (int64) {
                return TableColumn.Type.INT64;
            }
            if (float64) {
                return TableColumn.Type.DOUBLE;
            }
            return time ? TableColumn.Type.TIMESTAMP : TableColumn.Type.STRING;
        }

        private static boolean isInteger(String s) {
            int start = s.charAt(0) == '-' ? 1 : 0;
            int n = s.length() - start;
            if (n == 0 || n > 18 || (n > 1 && s.charAt(start) == '0')) {
                return false;
            }
            for (int i = start; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    return false;
                }
            }
            return true;
        }

        private static boolean isDecimal(String s) {
            int start = s.charAt(0) == '-' ? 1 : 0;
            if (s.length() == start
                    || !Character.isDigit(s.charAt(start))
                    || !Character.isDigit(s.charAt(s.length() - 1))) {
                return false; // NaN, Infinity, .5, 5., 0x1p3 stay text
            }
            if (s.length() > start + 1 && s.charAt(start) == '0' && s.charAt(start + 1) != '.') {
                return false;
            }
            try {
                Double.parseDouble(s);
                return s.chars().allMatch(c -> Character.isDigit(c) || c == '.' || c == '-' || c == 'e' || c == 'E');
            } catch (NumberFormatException e) {
                return false;
            }
        }
    }
}
