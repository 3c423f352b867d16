package org.trawl.sink;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Table rows put in order of a key (the item's path) before they are written, so metadata.csv and failures.csv are
 * byte-identical for the same dataset whatever order the transfers finished in or the shards ran. Rows are held in
 * memory up to a bound, then sorted and spilled to a run file beside the table; the runs are merged at the end (an
 * external merge sort: a million-row rebuild keeps its memory bounded). A run of ordinary size never spills, and
 * sorting 10,000 rows costs a few milliseconds.
 */
final class SortedRows implements Closeable {
    /**
     * Characters held before a spill: about 32 MB of rows (a JDK string of ASCII holds a byte a character), some
     * 200,000 rows of metadata.csv. A run of up to that many items never touches the disk for its sort.
     */
    static final long SPILL_CHARS = 32L << 20;

    private static final Comparator<Row> ORDER = Comparator.comparing(Row::key);

    private record Row(String key, String text) {}

    private final Path spillPrefix;
    private final long spillChars;
    private final List<Row> rows = new ArrayList<>();
    private final List<Path> runs = new ArrayList<>();
    private long held;

    /** spillPrefix: the path the run files are named after (".0", ".1"... appended); deleted on close. */
    SortedRows(Path spillPrefix) {
        this(spillPrefix, SPILL_CHARS);
    }

    SortedRows(Path spillPrefix, long spillChars) {
        this.spillPrefix = spillPrefix;
        this.spillChars = spillChars;
    }

    /** The key a row is ordered by: its path, then its URL (a failure may have no path; keys are unique). */
    static String key(String path, String url) {
        return (path == null ? "" : path) + '\0' + (url == null ? "" : url);
    }

    void add(String key, String text) {
        rows.add(new Row(key, text));
        held += key.length() + text.length();
        if (held >= spillChars) {
            spill();
        }
    }

    /** Writes every row, in key order. */
    void writeTo(Writer w) throws IOException {
        rows.sort(ORDER);
        if (runs.isEmpty()) {
            for (Row r : rows) {
                w.write(r.text());
            }
            return;
        }
        spill();
        merge(w);
    }

    private void spill() {
        if (rows.isEmpty()) {
            return;
        }
        rows.sort(ORDER);
        Path run = spillPrefix.resolveSibling(spillPrefix.getFileName() + "." + runs.size());
        runs.add(run);
        try (DataOutputStream out =
                new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(run), 1 << 16))) {
            for (Row r : rows) {
                writeString(out, r.key());
                writeString(out, r.text());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        rows.clear();
        held = 0;
    }

    private void merge(Writer w) throws IOException {
        record Head(Row row, DataInputStream in) {}
        PriorityQueue<Head> heads = new PriorityQueue<>(Comparator.comparing(Head::row, ORDER));
        List<DataInputStream> open = new ArrayList<>();
        try {
            for (Path run : runs) {
                DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(run), 1 << 16));
                open.add(in);
                Row first = readRow(in);
                if (first != null) {
                    heads.add(new Head(first, in));
                }
            }
            while (!heads.isEmpty()) {
                Head h = heads.poll();
                w.write(h.row().text());
                Row next = readRow(h.in());
                if (next != null) {
                    heads.add(new Head(next, h.in()));
                }
            }
        } finally {
            for (DataInputStream in : open) {
                in.close();
            }
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static Row readRow(DataInputStream in) throws IOException {
        int n;
        try {
            n = in.readInt();
        } catch (EOFException end) {
            return null;
        }
        String key = new String(in.readNBytes(n), StandardCharsets.UTF_8);
        String text = new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
        return new Row(key, text);
    }

    /** Deletes the run files. */
    @Override
    public void close() throws IOException {
        rows.clear();
        for (Path run : runs) {
            Files.deleteIfExists(run);
        }
        runs.clear();
    }
}
