package org.trawl.source.gbif.dwca;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.trawl.internal.Csv;
import org.trawl.source.FilteredMedia;

/**
 * The media rows the media pass refused by --license or --media-type, spilled to a CSV file in the work
 * folder as they are met and read back once for filtered.csv: an archive of millions of rows may refuse
 * most of them, which a list in memory could not hold.
 */
final class FilteredSpill implements AutoCloseable {
    private final Path file;
    private BufferedWriter out;
    private long count;

    FilteredSpill(Path workDir) throws IOException {
        Files.createDirectories(workDir);
        this.file = workDir.resolve("filtered.spill.csv");
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    void add(String url, String label, String reason, String value) throws IOException {
        out.write(Csv.row(List.of(url, label, reason, value)));
        count++;
    }

    long count() {
        return count;
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }

    /** The rows spilled, in the order met (after {@link #close()}); each iteration reads the file anew. */
    Iterable<FilteredMedia> rows() {
        return () -> {
            if (count == 0) {
                return java.util.Collections.emptyIterator();
            }
            try {
                return new RowIterator(new Csv.Reader(Files.newBufferedReader(file, StandardCharsets.UTF_8), ','));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private static final class RowIterator implements Iterator<FilteredMedia> {
        private final Csv.Reader in;
        private List<String> next;

        RowIterator(Csv.Reader in) {
            this.in = in;
            advance();
        }

        private void advance() {
            try {
                next = in.next();
                if (next == null) {
                    in.close();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public FilteredMedia next() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            List<String> r = next;
            advance();
            return new FilteredMedia(r.get(0), r.get(1), r.get(2), r.get(3));
        }
    }
}
