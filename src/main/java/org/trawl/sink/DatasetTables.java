package org.trawl.sink;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.trawl.checkpoint.ItemRecord;
import org.trawl.checkpoint.MergedState;
import org.trawl.checkpoint.StateLayout;
import org.trawl.internal.Csv;
import org.trawl.media.MediaFamily;
import org.trawl.media.StreamInfo;

/**
 * Rebuilds OUT/metadata.csv and OUT/failures.csv from the checkpoints of every process that wrote
 * into OUT. Because they are derived, never appended to, concurrent shards cannot interleave rows,
 * and a crash can never leave them half-written: each is written aside and renamed, under a lock.
 */
public final class DatasetTables {
    /**
     * The path again, under the name Hugging Face's imagefolder requires of a metadata.csv beside the images:
     * without it {@code load_dataset("imagefolder", data_dir=OUT)} refuses a dataset that has no subsets.
     */
    public static final String FILE_NAME = "file_name";

    /**
     * The standard columns, always in this order; the source's own fields follow. media_type (StillImage,
     * Sound, MovingImage) is the family the content was found to be, derived from content_type so that older
     * checkpoints give it too; duration_s, sample_rate and channels are what a sound or video header told,
     * empty when it did not (and for images); file_name repeats path for Hugging Face (a source field of that
     * name is not a column: the standard one wins).
     */
    public static final List<String> METADATA_COLUMNS = List.of(
            "path",
            "url",
            "label",
            "subset",
            "source",
            "source_id",
            "license",
            "rights_holder",
            "sha256",
            "bytes",
            "width",
            "height",
            "content_type",
            "media_type",
            StreamInfo.DURATION,
            StreamInfo.SAMPLE_RATE,
            StreamInfo.CHANNELS,
            FILE_NAME);

    public static final List<String> FAILURE_COLUMNS = List.of("url", "path", "reason", "attempts");

    private DatasetTables() {}

    public record Counts(long done, long failed) {}

    public static Counts rebuild(Path out) {
        return underLock(out, () -> write(out));
    }

    /**
     * As {@link #rebuild(Path)}, but takes the tables the draft wrote during the run when they are what the
     * rebuild would write (see {@link TablesDraft#matchesRebuild}): at the end of a run that is two renames
     * instead of a reading of the whole checkpoint.
     */
    public static Counts rebuild(Path out, TablesDraft draft) {
        return underLock(out, () -> {
            Counts taken =
                    draft == null ? null : draft.moveInto(out.resolve("metadata.csv"), out.resolve("failures.csv"));
            return taken != null ? taken : write(out);
        });
    }

    /** Something derived from every process's checkpoint, written under one lock. */
    public interface Derivation<T> {
        T write() throws IOException;
    }

    /** Runs a rebuild of derived files while no other process of this OUT rebuilds them. */
    public static <T> T underLock(Path out, Derivation<T> rebuild) {
        Path lockFile = StateLayout.root(out).resolve("tables.lock");
        try {
            Files.createDirectories(lockFile.getParent());
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = ch.lock()) {
                return rebuild.write();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Counts write(Path out) throws IOException {
        Path meta = out.resolve("metadata.csv");
        Path metaTmp = out.resolve(".metadata.csv.tmp");
        Path fail = out.resolve("failures.csv");
        Path failTmp = out.resolve(".failures.csv.tmp");
        // One reading when the first row's extra columns (the source's own fields) hold for every row, as they do
        // for a list's columns; at a million items a reading of the checkpoints takes seconds. A row that brings a
        // new column ends the guess: that reading then only gathers the columns, and a second one writes.
        Set<String> extra = new LinkedHashSet<>();
        Counts counts = writeTables(out, metaTmp, failTmp, extra, true);
        if (counts == null) {
            counts = writeTables(out, metaTmp, failTmp, extra, false);
        }
        Files.move(metaTmp, meta, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Files.move(failTmp, fail, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return counts;
    }

    /**
     * Writes both tables in one reading of the checkpoints. guess: the extra columns are learnt from the rows
     * (the first row's, in first-seen order) and null is returned, with every column gathered into extra, if a
     * later row brings one more; otherwise extra is final.
     */
    private static Counts writeTables(Path out, Path metaTmp, Path failTmp, Set<String> extra, boolean guess)
            throws IOException {
        try (Rows rows = new Rows(metaTmp, failTmp, extra, guess)) {
            MergedState.forEach(out, rows::done, rows::failed);
            return rows.finish();
        }
    }

    /**
     * The rows of both tables, in path order whatever order the records come in (see {@link SortedRows}). Shared by
     * the rebuild and by {@link TablesDraft}, so the two cannot format a row differently.
     */
    static final class Rows implements java.io.Closeable {
        private final BufferedWriter mw;
        private final BufferedWriter fw;
        private final Set<String> extra;
        private final boolean guess;
        private final StringBuilder row = new StringBuilder(512);
        /** The rows, put in path order before they are written (see SortedRows). */
        private final SortedRows metaRows;

        private final SortedRows failRows;
        private long done;
        private long failed;
        private boolean guessFailed;

        Rows(Path metaTmp, Path failTmp, Set<String> extra, boolean guess) throws IOException {
            this.extra = extra;
            this.guess = guess;
            mw = Files.newBufferedWriter(metaTmp, StandardCharsets.UTF_8);
            fw = Files.newBufferedWriter(failTmp, StandardCharsets.UTF_8);
            metaRows = new SortedRows(metaTmp.resolveSibling(metaTmp.getFileName() + ".run"));
            failRows = new SortedRows(failTmp.resolveSibling(failTmp.getFileName() + ".run"));
            write(fw, Csv.row(FAILURE_COLUMNS));
            if (!guess) {
                writeHeader(mw, extra);
            }
        }

        /** A finished item: one metadata.csv row. */
        void done(ItemRecord r) {
            if (StateLayout.isIntermediate(r.key())) {
                return;
            }
            if (guess) {
                boolean grew = addExtraColumns(r, extra);
                if (guessFailed || grew && done > 0) {
                    guessFailed = true;
                    return;
                }
                if (done == 0) {
                    writeHeader(mw, extra);
                }
            }
            done++;
            metaRows.add(SortedRows.key(r.path(), r.url()), metadataRow(row, r, extra));
        }

        /** An item that finished nowhere: one failures.csv row. */
        void failed(ItemRecord r) {
            if (StateLayout.isIntermediate(r.key())) {
                return; // the source reports the item made from it instead (iiif: the page a tile belongs to)
            }
            failed++;
            failRows.add(
                    SortedRows.key(r.path(), r.url()),
                    Csv.row(List.of(
                            r.url(),
                            r.path() == null ? "" : r.path(),
                            r.reason() == null ? "" : r.reason(),
                            String.valueOf(r.attempts() == null ? 1 : r.attempts()))));
        }

        /** Whether a row brought a column the first row did not have (guess only): the rows are then unusable. */
        boolean guessFailed() {
            return guessFailed;
        }

        /** Ends the tables (the header alone if no row came) and flushes; null if the guess failed. */
        Counts finish() throws IOException {
            if (guessFailed) {
                return null;
            }
            if (guess && done == 0) {
                writeHeader(mw, extra); // no row: the header alone
            }
            metaRows.writeTo(mw);
            failRows.writeTo(fw);
            mw.flush();
            fw.flush();
            return new Counts(done, failed);
        }

        @Override
        public void close() throws IOException {
            try (fw;
                    mw;
                    failRows) {
                metaRows.close();
            }
        }
    }

    /** Adds the record's fields that are not standard columns; true if any was new. */
    private static boolean addExtraColumns(ItemRecord r, Set<String> extra) {
        boolean grew = false;
        if (r.fields() != null) {
            for (Map.Entry<String, String> e : r.fields().entrySet()) {
                // a null value is not in the checkpoint (see ItemRecordJson), so a rebuild never sees its column
                if (e.getValue() != null && !METADATA_COLUMNS.contains(e.getKey())) {
                    grew |= extra.add(e.getKey());
                }
            }
        }
        return grew;
    }

    private static void writeHeader(BufferedWriter mw, Set<String> extra) {
        List<String> header = new ArrayList<>(METADATA_COLUMNS);
        header.addAll(extra);
        write(mw, Csv.row(header));
    }

    /** One metadata.csv row, built in sb (cleared first): no list per row. */
    private static String metadataRow(StringBuilder sb, ItemRecord r, Set<String> extra) {
        sb.setLength(0);
        Csv.appendField(sb, r.path()).append(',');
        Csv.appendField(sb, r.url()).append(',');
        Csv.appendField(sb, r.label()).append(',');
        Csv.appendField(sb, r.subset()).append(',');
        Csv.appendField(sb, r.source()).append(',');
        Csv.appendField(sb, r.sourceId()).append(',');
        Csv.appendField(sb, r.license()).append(',');
        Csv.appendField(sb, r.rightsHolder()).append(',');
        Csv.appendField(sb, r.sha256()).append(',');
        Csv.appendField(sb, str(r.bytes())).append(',');
        Csv.appendField(sb, str(r.width())).append(',');
        Csv.appendField(sb, str(r.height())).append(',');
        Csv.appendField(sb, r.contentType()).append(',');
        MediaFamily family = MediaFamily.ofContentType(r.contentType());
        Csv.appendField(sb, family == null || family == MediaFamily.ARCHIVE ? null : family.dcmiType())
                .append(',');
        Map<String, String> f = r.fields() == null ? Map.of() : r.fields();
        Csv.appendField(sb, f.get(StreamInfo.DURATION)).append(',');
        Csv.appendField(sb, f.get(StreamInfo.SAMPLE_RATE)).append(',');
        Csv.appendField(sb, f.get(StreamInfo.CHANNELS)).append(',');
        Csv.appendField(sb, r.path());
        for (String k : extra) {
            Csv.appendField(sb.append(','), f.get(k));
        }
        sb.append('\n');
        return sb.toString();
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static void write(BufferedWriter w, String s) {
        try {
            w.write(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
