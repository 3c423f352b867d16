package org.trawl.source.urls;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;
import org.trawl.core.CloseableIterator;
import org.trawl.core.MediaItem;
import org.trawl.core.TrawlException;
import org.trawl.internal.Csv;
import org.trawl.internal.Json;
import org.trawl.internal.LineLimit;
import org.trawl.plan.emit.PlanColumns;
import org.trawl.source.MediaSource;
import org.trawl.table.ParquetSupport;
import org.trawl.table.ParquetTableReader;
import org.trawl.table.TableRow;

/**
 * A list of image URLs in a file: txt (one URL per line, as gbif-dl reads it: anything after the
 * first blank is ignored), csv, tsv, json (an array of objects) or jsonl, any of them gzipped; or Parquet (one
 * file, or a folder of part files: its values are read as text, so a list behaves as its CSV export would).
 * Columns default to gbif-dl's item shape (url, label, basename); every other column is carried
 * into metadata.csv. Bad input stops the run before any download with the file and line.
 */
public final class UrlListSource implements MediaSource {
    public record Columns(String url, String label, String name, boolean labelExplicit, boolean nameExplicit) {
        public static Columns defaults() {
            return new Columns("url", "label", "basename", false, false);
        }
    }

    enum Format {
        TXT,
        CSV,
        TSV,
        JSON,
        JSONL,
        PARQUET
    }

    private final Path file;
    private final Columns columns;
    private final Format format;
    private final long maxLineBytes;
    private final UrlCheck urlCheck;
    private boolean subsetColumn;
    /** Whether the list is a plan trawl wrote (--emit-plan), known from its first row; null before it. */
    private Boolean plan;

    public UrlListSource(Path file, Columns columns) {
        this(file, columns, LineLimit.DEFAULT);
    }

    /** @param maxLineBytes the longest line (json: the longest string value) read, --max-line-bytes */
    public UrlListSource(Path file, Columns columns, long maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
        this.file = file;
        this.columns = columns;
        this.urlCheck = new UrlCheck(columns.url());
        this.format = formatOf(file);
        if (format == Format.PARQUET) {
            ParquetSupport.require(file.toString()); // before any work, in a build without Parquet
        }
        if (!Files.isRegularFile(file) && !(format == Format.PARQUET && Files.isDirectory(file))) {
            throw TrawlException.usage("cannot read the list " + file + ": no such file");
        }
    }

    static Format formatOf(Path file) {
        if (ParquetTableReader.looksLikeParquet(file)) {
            return Format.PARQUET;
        }
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".gz")) {
            n = n.substring(0, n.length() - 3);
        }
        if (n.endsWith(".csv")) {
            return Format.CSV;
        }
        if (n.endsWith(".tsv") || n.endsWith(".tab")) {
            return Format.TSV;
        }
        if (n.endsWith(".jsonl") || n.endsWith(".ndjson")) {
            return Format.JSONL;
        }
        if (n.endsWith(".json")) {
            return Format.JSON;
        }
        return Format.TXT;
    }

    /** A fresh pass over the list; close it to release the file. */
    public CloseableIterator<MediaItem> items() {
        try {
            if (format == Format.PARQUET) {
                return new ParquetItems(ParquetTableReader.open(file));
            }
            InputStream raw = Files.newInputStream(file);
            InputStream in =
                    file.toString().toLowerCase(Locale.ROOT).endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
            if (format == Format.JSON) { // one minified line may be the whole list: its strings are bounded instead
                JsonFactory bounded = Json.MAPPER
                        .getFactory()
                        .copy()
                        .setStreamReadConstraints(StreamReadConstraints.builder()
                                .maxStringLength((int) Math.min(maxLineBytes, Integer.MAX_VALUE))
                                .build());
                return new JsonArrayItems(bounded.createParser(new InputStreamReader(in, StandardCharsets.UTF_8)));
            }
            BufferedReader reader = new BufferedReader(
                    new InputStreamReader(new LineLimit(in, maxLineBytes), StandardCharsets.UTF_8), 1 << 16);
            return switch (format) {
                case TXT -> new TextItems(reader);
                case CSV -> new CsvItems(new Csv.Reader(reader, ',').limit(maxLineBytes));
                case TSV -> new CsvItems(new Csv.Reader(reader, '\t').limit(maxLineBytes));
                case JSONL -> new JsonLineItems(reader);
                case JSON, PARQUET -> throw new IllegalStateException("read above");
            };
        } catch (NoSuchFileException e) {
            throw TrawlException.usage("cannot read the list " + file + ": no such file");
        } catch (IOException e) {
            throw TrawlException.usage("cannot read the list " + file + ": " + e.getMessage());
        }
    }

    private TrawlException bad(long line, String what) {
        return TrawlException.usage(file.getFileName() + ":" + line + ": " + what);
    }

    private String checkUrl(long line, String url) {
        String problem = urlCheck.problem(url);
        if (problem != null) {
            throw bad(line, problem);
        }
        return url.strip();
    }

    /**
     * Takes a {@code subset} column as the item's subset (a list gbif-dl wrote with its subsets): for a
     * run without --split, which would otherwise assign its own. Otherwise the column is an ordinary field.
     */
    public UrlListSource withSubsetColumn(boolean on) {
        this.subsetColumn = on;
        return this;
    }

    private MediaItem fromRow(long line, Map<String, String> row) {
        if (plan == null) {
            plan = PlanColumns.isPlan(List.copyOf(row.keySet()));
        }
        if (plan) {
            return fromPlanRow(line, row);
        }
        if (!row.containsKey(columns.url())) {
            throw bad(
                    line,
                    "no '" + columns.url() + "' field (fields: " + String.join(", ", row.keySet())
                            + "); choose one with --url-col");
        }
        if (columns.labelExplicit() && !row.containsKey(columns.label())) {
            throw bad(line, "no '" + columns.label() + "' field for --label-col");
        }
        if (columns.nameExplicit() && !row.containsKey(columns.name())) {
            throw bad(line, "no '" + columns.name() + "' field for --name-col");
        }
        String url = checkUrl(line, row.get(columns.url()));
        Map<String, String> fields = new LinkedHashMap<>();
        row.forEach((k, v) -> {
            if (!k.equals(columns.url()) && !k.equals(columns.label()) && !k.equals(columns.name())) {
                fields.put(k, v);
            }
        });
        String rights = fields.remove("rights_holder");
        if (rights == null) {
            rights = fields.remove("rightsHolder"); // gbif-dl's spelling (GBIF's term)
        }
        String subset = subsetColumn ? fields.remove("subset") : null;
        MediaItem item = new MediaItem(
                url,
                row.get(columns.label()),
                row.get(columns.name()),
                "urls",
                null,
                fields.remove("license"),
                rights,
                fields);
        return subset == null || subset.isBlank() ? item : item.withSubset(subset);
    }

    /**
     * A row of a plan trawl wrote (see {@link PlanColumns}): the item as it was planned, so the same dataset comes
     * out: its path (under its subset folder), label, subset (unless --split assigns new ones), source, source id
     * and every metadata field. The shard and stream columns say how the plan was made and are not metadata.
     */
    private MediaItem fromPlanRow(long line, Map<String, String> row) {
        String url = checkUrl(line, row.get("url"));
        Map<String, String> fields = new LinkedHashMap<>();
        row.forEach((k, v) -> {
            if (!PlanColumns.isFixed(k)) {
                fields.put(k, v);
            }
        });
        String source = orNull(row.get("source"));
        return new MediaItem(
                url,
                orNull(row.get("label")),
                orNull(row.get("basename")),
                source == null ? "urls" : source,
                orNull(row.get("source_id")),
                orNull(row.get("license")),
                orNull(row.get("rights_holder")),
                fields,
                orNull(row.get("path")),
                null,
                List.of(),
                subsetColumn ? orNull(row.get("subset")) : null);
    }

    /** A plan's empty field (CSV has no null) as null. */
    private static String orNull(String v) {
        return v == null || v.isEmpty() ? null : v;
    }

    /** The shared look-ahead: subclasses produce the next item or null at the end. */
    private abstract class Items implements CloseableIterator<MediaItem> {
        private MediaItem next;
        private boolean ended;

        abstract MediaItem produce() throws IOException;

        @Override
        public boolean hasNext() {
            if (next == null && !ended) {
                try {
                    next = produce();
                } catch (LineLimit.TooLong e) {
                    throw bad(e.line(), e.getMessage());
                } catch (IOException e) {
                    throw TrawlException.usage(file.getFileName() + ": " + e.getMessage());
                }
                ended = next == null;
            }
            return next != null;
        }

        @Override
        public MediaItem next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            MediaItem m = next;
            next = null;
            return m;
        }
    }

    private final class TextItems extends Items {
        private final BufferedReader r;
        private long line;

        TextItems(BufferedReader r) {
            this.r = r;
        }

        @Override
        MediaItem produce() throws IOException {
            String s;
            while ((s = r.readLine()) != null) {
                line++;
                s = s.strip();
                if (s.isEmpty() || s.startsWith("#")) {
                    continue;
                }
                int sp = indexOfBlank(s);
                return new MediaItem(
                        checkUrl(line, sp < 0 ? s : s.substring(0, sp)),
                        null,
                        null,
                        "urls",
                        null,
                        null,
                        null,
                        Map.of());
            }
            return null;
        }

        @Override
        public void close() {
            closeQuietly(r);
        }
    }

    private static int indexOfBlank(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private final class CsvItems extends Items {
        private final Csv.Reader r;
        private List<String> header;

        CsvItems(Csv.Reader r) {
            this.r = r;
        }

        @Override
        MediaItem produce() throws IOException {
            if (header == null) {
                header = r.next();
                if (header == null) {
                    return null;
                }
                if (!header.isEmpty() && header.get(0).startsWith("\ufeff")) {
                    header.set(0, header.get(0).substring(1)); // a BOM from Excel
                }
                if (!header.contains(columns.url())) {
                    throw bad(
                            1,
                            "no '" + columns.url() + "' column (columns: " + String.join(", ", header)
                                    + "); choose one with --url-col");
                }
            }
            List<String> row = r.next();
            if (row == null) {
                return null;
            }
            if (row.size() != header.size()) {
                throw bad(r.line(), row.size() + " fields where the header has " + header.size());
            }
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                m.put(header.get(i), row.get(i));
            }
            return fromRow(r.line(), m);
        }

        @Override
        public void close() {
            closeQuietly(r);
        }
    }

    /** Rows of a Parquet table; a null value is an empty field, as in the table's CSV export. */
    private final class ParquetItems extends Items {
        private final ParquetTableReader r;
        private final List<String> names;

        ParquetItems(ParquetTableReader r) {
            this.r = r;
            this.names = r.columns();
            if (!names.contains(columns.url())) {
                r.close();
                throw TrawlException.usage(file.getFileName() + ": no '" + columns.url() + "' column (columns: "
                        + String.join(", ", names) + "); choose one with --url-col");
            }
        }

        @Override
        MediaItem produce() throws IOException {
            try {
                if (!r.hasNext()) {
                    return null;
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            TableRow row = r.next();
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                String v = row.text(i);
                m.put(names.get(i), v == null ? "" : v);
            }
            return fromRow(row.number(), m);
        }

        @Override
        public void close() {
            r.close();
        }
    }

    private final class JsonLineItems extends Items {
        private final BufferedReader r;
        private long line;

        JsonLineItems(BufferedReader r) {
            this.r = r;
        }

        @Override
        MediaItem produce() throws IOException {
            String s;
            while ((s = r.readLine()) != null) {
                line++;
                if (s.isBlank()) {
                    continue;
                }
                Map<String, String> row;
                try (JsonParser p = Json.MAPPER.getFactory().createParser(s)) {
                    if (p.nextToken() != JsonToken.START_OBJECT) {
                        throw bad(line, "expected a JSON object");
                    }
                    row = readObject(p);
                } catch (IOException e) {
                    throw bad(line, "not valid JSON");
                }
                return fromRow(line, row);
            }
            return null;
        }

        @Override
        public void close() {
            closeQuietly(r);
        }
    }

    private final class JsonArrayItems extends Items {
        private final JsonParser p;
        private boolean started;

        JsonArrayItems(JsonParser p) {
            this.p = p;
        }

        @Override
        MediaItem produce() throws IOException {
            try {
                if (!started) {
                    started = true;
                    if (p.nextToken() != JsonToken.START_ARRAY) {
                        throw bad(p.currentLocation().getLineNr(), "expected a JSON array of objects");
                    }
                }
                JsonToken t = p.nextToken();
                if (t == JsonToken.END_ARRAY || t == null) {
                    return null;
                }
                long line = p.currentLocation().getLineNr();
                if (t != JsonToken.START_OBJECT) {
                    throw bad(line, "expected a JSON object");
                }
                return fromRow(line, readObject(p, maxLineBytes));
            } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
                throw bad(
                        p.currentLocation().getLineNr(),
                        "string over " + maxLineBytes + " characters (--max-line-bytes)");
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw bad(e.getLocation() == null ? 0 : e.getLocation().getLineNr(), "not valid JSON");
            }
        }

        @Override
        public void close() {
            closeQuietly(p);
        }
    }

    /**
     * The object the parser is at (its START_OBJECT), field by field: scalars as text, written as a JSON
     * tree would give them; nested values as compact JSON, so every field fits a CSV cell. Read from the
     * tokens: building a tree per row first was most of a list's planning pass, which runs before
     * a download starts.
     */
    static Map<String, String> readObject(JsonParser p) throws IOException {
        return readObject(p, Long.MAX_VALUE);
    }

    /**
     * As {@link #readObject(JsonParser)}, stopping ({@link LineLimit.TooLong}) once the object has taken more
     * than {@code limit} characters of the input: its fields and nested values are kept, and a .json list
     * may hold any number of them on one line, so the line limit does not bound them.
     */
    static Map<String, String> readObject(JsonParser p, long limit) throws IOException {
        long start = p.currentTokenLocation().getCharOffset();
        Map<String, String> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) { // the parser itself rejects anything but '}' after
            if (p.currentLocation().getCharOffset() - start > limit) {
                throw objectTooLong(p, limit);
            }
            String name = p.currentName();
            JsonToken v = p.nextToken();
            m.put(
                    name,
                    switch (v) {
                        case VALUE_STRING -> p.getText();
                        case VALUE_NULL -> null;
                        case VALUE_TRUE -> "true";
                        case VALUE_FALSE -> "false";
                        case VALUE_NUMBER_INT -> p.getNumberValue().toString();
                        case VALUE_NUMBER_FLOAT -> Double.toString(p.getDoubleValue());
                        default ->
                            compactJson(p, limit - (p.currentTokenLocation().getCharOffset() - start));
                    });
        }
        return m;
    }

    /** The nested value the parser is at, as compact JSON, copied token by token into at most {@code room} chars. */
    private static String compactJson(JsonParser p, long room) throws IOException {
        StringWriter out = new StringWriter() {
            @Override
            public void write(char[] cbuf, int off, int len) {
                super.write(cbuf, off, len);
                if (getBuffer().length() > room) {
                    throw new UncheckedIOException(objectTooLong(p, room));
                }
            }

            @Override
            public void write(String str, int off, int len) {
                write(str.substring(off, off + len).toCharArray(), 0, len);
            }

            @Override
            public void write(String str) {
                write(str, 0, str.length());
            }

            @Override
            public void write(int c) {
                write(new char[] {(char) c}, 0, 1);
            }
        };
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.copyCurrentStructure(p);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        // through a tree, bounded now, so the text is what a tree gives (a repeated key: the last one)
        return Json.MAPPER.readTree(out.toString()).toString();
    }

    private static LineLimit.TooLong objectTooLong(JsonParser p, long limit) {
        return LineLimit.tooLong(
                p.currentLocation().getLineNr(), "object over " + limit + " characters (--max-line-bytes)");
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
        }
    }
}
