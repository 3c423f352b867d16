package org.trawl.sink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Consumer;
import org.trawl.checkpoint.CheckpointStore;
import org.trawl.checkpoint.ItemRecord;
import org.trawl.checkpoint.KeyIndex;
import org.trawl.checkpoint.StateLayout;

/**
 * metadata.csv and failures.csv written while the run goes, from the records as the store journals them, so
 * the end of a run need not read the whole checkpoint back (at 10,000 items that reading was most of the time
 * between the last byte and the exit).
 *
 * <p>They equal the rebuild only when the store's records are exactly the ones it journaled during this run,
 * in that order, each key once: so a draft is started only for a store that was empty, and it is given up
 * (the tables are then rebuilt as always) if a key comes twice, if a row brings a column the first did not
 * have, past {@link #MAX_ROWS} rows, on any write error, or if another store appeared in OUT meanwhile.
 * Fed on the store's writer thread (its methods are synchronized for the case of a run that throws and closes
 * the draft before the store). Its files are made at the first record, so a run that writes nothing leaves none.
 */
public final class TablesDraft implements Consumer<ItemRecord>, AutoCloseable {
    /** Bounded memory: the keys seen are held to detect a repeated one. Past this, rebuilding costs little more. */
    static final int MAX_ROWS = 250_000;

    static final String METADATA_DRAFT = "metadata.csv.draft";
    static final String FAILURES_DRAFT = "failures.csv.draft";

    private final Path out;
    private final Path storeDir;
    private final Path metaDraft;
    private final Path failDraft;
    private DatasetTables.Rows rows;
    private KeyIndex seen = new KeyIndex();
    private boolean givenUp;
    private boolean moved;

    private TablesDraft(Path out, Path storeDir) {
        this.out = out;
        this.storeDir = storeDir;
        metaDraft = storeDir.resolve(METADATA_DRAFT);
        failDraft = storeDir.resolve(FAILURES_DRAFT);
    }

    /**
     * A draft for the tables of OUT, fed by store; null (the tables will be rebuilt) unless the store is the
     * only one in OUT and holds nothing yet.
     */
    public static TablesDraft startIfFresh(Path out, CheckpointStore store) {
        List<Path> stores = StateLayout.allStores(out);
        if (!store.wasEmptyAtLoad() || !(stores.isEmpty() || stores.equals(List.of(store.dir())))) {
            new TablesDraft(out, store.dir()).discard(); // one a killed run left (the store's lock is ours)
            return null;
        }
        TablesDraft d = new TablesDraft(out, store.dir());
        store.tap(d);
        return d;
    }

    /** One journaled record, in journal order. */
    @Override
    public synchronized void accept(ItemRecord r) {
        if (givenUp || r.key() == null) {
            return;
        }
        if (seen.size() >= MAX_ROWS || seen.put(r.key(), 0) != KeyIndex.ABSENT) {
            giveUp(); // a repeated key: the rebuild keeps only its latest record, at that record's place
            return;
        }
        try {
            if (rows == null) {
                rows = new DatasetTables.Rows(metaDraft, failDraft, new LinkedHashSet<>(), true);
            }
            if (r.done()) {
                rows.done(r);
            } else if (r.failed()) {
                rows.failed(r);
            } // a drop is in neither table
            if (rows.guessFailed()) {
                giveUp();
            }
        } catch (IOException | RuntimeException e) {
            giveUp();
        }
    }

    /**
     * Whether the draft holds what a rebuild would write now. Call after the store is closed, with the tables
     * lock held.
     */
    synchronized boolean matchesRebuild() {
        return !givenUp && StateLayout.allStores(out).equals(List.of(storeDir));
    }

    /** Moves the draft into place if it matches the rebuild (counts returned), else deletes it (null). */
    synchronized DatasetTables.Counts moveInto(Path meta, Path fail) {
        try {
            if (!matchesRebuild()) {
                return null;
            }
            if (rows == null) {
                rows = new DatasetTables.Rows(metaDraft, failDraft, new LinkedHashSet<>(), true); // no record came
            }
            DatasetTables.Counts counts = rows.finish();
            rows.close();
            rows = null;
            if (counts == null) {
                return null;
            }
            Files.move(metaDraft, meta, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.move(failDraft, fail, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
            return counts;
        } catch (IOException | RuntimeException e) {
            return null; // e.g. the state folder on another file system: the rebuild writes the tables in place
        } finally {
            giveUp();
        }
    }

    /** Whether the tables are the draft's (for tests: a draft never taken would pass any comparison). */
    synchronized boolean moved() {
        return moved;
    }

    /** Deletes the draft if it was not moved into place; later records are ignored. */
    @Override
    public synchronized void close() {
        giveUp();
    }

    private void giveUp() {
        givenUp = true;
        seen = null;
        discard();
    }

    private void discard() {
        try {
            if (rows != null) {
                rows.close();
                rows = null;
            }
            Files.deleteIfExists(metaDraft);
            Files.deleteIfExists(failDraft);
        } catch (IOException ignored) {
            // a draft left behind is overwritten by the next fresh run and read by nothing
        }
    }
}
