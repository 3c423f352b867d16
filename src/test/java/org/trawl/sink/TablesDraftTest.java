package org.trawl.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.checkpoint.CheckpointStore;
import org.trawl.checkpoint.ItemRecord;
import org.trawl.checkpoint.KeyIndex;
import org.trawl.checkpoint.StateLayout;
import org.trawl.core.Shard;

/**
 * The tables a run drafts as it goes must be, byte for byte, what the rebuild from the checkpoint writes,
 * and must be given up (the rebuild then writes the tables) whenever they might not be.
 */
class TablesDraftTest {
    @TempDir
    Path tmp;

    private static final String[] TEXTS = {
        "",
        "a",
        "x,y",
        "say \"hi\"",
        "two\nlines",
        "cr\rhere",
        "=SUM(A1)",
        "-1",
        "@home",
        "+x",
        "é 中文 🐟",
        "http://h/x.jpg?a=1&b=2"
    };

    @Test
    void aFreshRunsDraftIsWhatTheRebuildWrites() throws Exception {
        Random r = new Random(5);
        for (int run = 0; run < 60; run++) {
            Path out = tmp.resolve("run" + run);
            List<ItemRecord> records = new ArrayList<>();
            int n = r.nextInt(400);
            for (int i = 0; i < n; i++) {
                records.add(record(r, i, true));
            }
            TablesDraft draft = journal(out, StateLayout.root(out), records);
            String[] drafted = tablesOf(out, draft);
            assertThat(draft.moved()).as("run %d", run).isTrue();
            assertThat(drafted).as("run %d", run).containsExactly(rebuilt(out));
            assertThat(draftFiles(out)).isEmpty();
        }
    }

    @Test
    void rowsWithColumnsTheFirstLackedAreRebuiltAndStillComeOutTheSame() throws Exception {
        Random r = new Random(9);
        int moved = 0, givenUp = 0;
        for (int run = 0; run < 60; run++) {
            Path out = tmp.resolve("run" + run);
            List<ItemRecord> records = new ArrayList<>();
            for (int i = 0, n = 1 + r.nextInt(200); i < n; i++) {
                records.add(record(r, i, false));
            }
            TablesDraft draft = journal(out, StateLayout.root(out), records);
            String[] tables = tablesOf(out, draft);
            if (draft.moved()) {
                moved++;
            } else {
                givenUp++;
            }
            assertThat(tables).as("run %d", run).containsExactly(rebuilt(out));
            assertThat(draftFiles(out)).isEmpty();
        }
        assertThat(moved).as("runs whose draft was taken").isPositive();
        assertThat(givenUp).as("runs whose draft was given up").isPositive();
    }

    @Test
    void aFieldWithoutValueIsNoColumnAsItIsNotInTheCheckpoint() throws Exception {
        Random r = new Random(6);
        Path out = tmp.resolve("out");
        Map<String, String> first = new LinkedHashMap<>();
        first.put("site", "a");
        first.put("note", null);
        ItemRecord a = withFields(plain(r, 0, ItemRecord.DONE), first);
        ItemRecord b = withFields(plain(r, 1, ItemRecord.DONE), Map.of("site", "b"));
        TablesDraft draft = journal(out, StateLayout.root(out), List.of(a, b));
        String[] tables = tablesOf(out, draft);
        assertThat(draft.moved()).isTrue();
        assertThat(tables).containsExactly(rebuilt(out));
        assertThat(tables[0].substring(0, tables[0].indexOf('\n')))
                .endsWith(",content_type,media_type,duration_s,sample_rate,channels,file_name,site");
    }

    @Test
    void aKeyJournaledTwiceIsGivenUpForTheRebuildWhichKeepsItsLatestRecord() throws Exception {
        Random r = new Random(1);
        Path out = tmp.resolve("out");
        ItemRecord failed = plain(r, 1, ItemRecord.FAILED);
        List<ItemRecord> records = List.of(
                plain(r, 0, ItemRecord.DONE),
                failed,
                plain(r, 2, ItemRecord.DONE),
                withStatus(failed, ItemRecord.DONE));
        TablesDraft draft = journal(out, StateLayout.root(out), records);
        String[] tables = tablesOf(out, draft);
        assertThat(draft.moved()).isFalse();
        assertThat(tables).containsExactly(rebuilt(out));
        assertThat(lastCounts).isEqualTo(new DatasetTables.Counts(3, 0)); // k1's failure superseded
    }

    @Test
    void anotherProcessWritingIntoOutMeanwhileMeansARebuildThatHoldsItsItemsToo() throws Exception {
        Random r = new Random(2);
        Path out = tmp.resolve("out");
        Path own = StateLayout.storeDir(out, new Shard(0, 2));
        CheckpointStore store = CheckpointStore.open(own, false);
        store.load(new KeyIndex());
        TablesDraft draft = TablesDraft.startIfFresh(out, store);
        store.append(plain(r, 0, ItemRecord.DONE)).get();
        try (CheckpointStore other = CheckpointStore.open(StateLayout.storeDir(out, new Shard(1, 2)), false)) {
            other.append(plain(r, 1, ItemRecord.DONE)).get();
        }
        store.append(plain(r, 2, ItemRecord.DONE)).get();
        store.close();
        String[] tables = tablesOf(out, draft);
        assertThat(draft.moved()).isFalse();
        assertThat(tables).containsExactly(rebuilt(out));
        assertThat(tables[0]).contains("http://h/0.jpg", "http://h/1.jpg", "http://h/2.jpg");
    }

    @Test
    void aStoreThatAlreadyHoldsRecordsGetsNoDraft() throws Exception {
        Random r = new Random(3);
        Path out = tmp.resolve("out");
        journal(out, StateLayout.root(out), List.of(record(r, 0, true))).close();
        try (CheckpointStore store = CheckpointStore.open(StateLayout.root(out), false)) {
            store.load(new KeyIndex());
            assertThat(TablesDraft.startIfFresh(out, store)).isNull();
        }
    }

    @Test
    void aRunThatJournalsNothingGetsTheHeadersAndAClosedDraftLeavesNoFile() throws Exception {
        Path out = tmp.resolve("out");
        TablesDraft draft = journal(out, StateLayout.root(out), List.of());
        assertThat(draftFiles(out)).isEmpty(); // made at the first record
        String[] tables = tablesOf(out, draft);
        assertThat(draft.moved()).isTrue();
        assertThat(tables).containsExactly(rebuilt(out));

        Path out2 = tmp.resolve("out2");
        CheckpointStore store = CheckpointStore.open(StateLayout.root(out2), false);
        store.load(new KeyIndex());
        TablesDraft left = TablesDraft.startIfFresh(out2, store);
        store.append(record(new Random(4), 0, true)).get();
        assertThat(draftFiles(out2)).hasSize(2);
        left.close(); // as a run that throws does, before its store is closed
        store.append(record(new Random(4), 1, true)).get();
        store.close();
        assertThat(draftFiles(out2)).isEmpty();
    }

    /** What the job does: a store, loaded, its draft, the records journaled, the store closed. */
    private static TablesDraft journal(Path out, Path storeDir, List<ItemRecord> records) throws Exception {
        CheckpointStore store = CheckpointStore.open(storeDir, false);
        store.load(new KeyIndex());
        TablesDraft draft = TablesDraft.startIfFresh(out, store);
        assertThat(draft).isNotNull();
        for (ItemRecord rec : records) {
            store.append(rec);
        }
        store.close();
        return draft;
    }

    private DatasetTables.Counts lastCounts;

    /** The tables the job writes: the draft's if it can be taken. */
    private String[] tablesOf(Path out, TablesDraft draft) throws IOException {
        lastCounts = DatasetTables.rebuild(out, draft);
        return read(out);
    }

    /** The tables rebuilt from the checkpoints, with the same counts as the job's. */
    private String[] rebuilt(Path out) throws IOException {
        Files.delete(out.resolve("metadata.csv"));
        Files.delete(out.resolve("failures.csv"));
        assertThat(DatasetTables.rebuild(out)).isEqualTo(lastCounts);
        return read(out);
    }

    private static String[] read(Path out) throws IOException {
        return new String[] {
            Files.readString(out.resolve("metadata.csv"), StandardCharsets.UTF_8),
            Files.readString(out.resolve("failures.csv"), StandardCharsets.UTF_8)
        };
    }

    private static List<Path> draftFiles(Path out) throws IOException {
        try (Stream<Path> s = Files.walk(StateLayout.root(out))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".draft")).toList();
        }
    }

    private static String text(Random r) {
        return r.nextInt(5) == 0 ? null : TEXTS[r.nextInt(TEXTS.length)];
    }

    /**
     * Record i (keys unique; some a source's intermediate files). steadyColumns: every record has the same
     * extra fields, never null, as a list's columns do; otherwise fields come and go and may be null.
     */
    private static ItemRecord record(Random r, int i, boolean steadyColumns) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (steadyColumns) {
            fields.put("site", TEXTS[r.nextInt(TEXTS.length)]);
            fields.put("depth, m", TEXTS[r.nextInt(TEXTS.length)]);
        } else {
            for (int k = r.nextInt(3); k > 0; k--) {
                fields.put(new String[] {"site", "depth", "x,y", "license"}[r.nextInt(4)], text(r));
            }
        }
        String status =
                new String[] {ItemRecord.DONE, ItemRecord.DONE, ItemRecord.FAILED, ItemRecord.DROPPED}[r.nextInt(4)];
        String key = r.nextInt(20) == 0 ? StateLayout.INTERMEDIATE + "t" + i : "k" + i;
        return new ItemRecord(
                key,
                status,
                "http://h/" + i + ".jpg",
                "label/" + i + ".jpg",
                text(r),
                text(r),
                text(r),
                text(r),
                text(r),
                text(r),
                text(r),
                r.nextBoolean() ? null : (long) r.nextInt(1 << 20),
                r.nextBoolean() ? null : r.nextInt(5000),
                r.nextBoolean() ? null : r.nextInt(5000),
                text(r),
                text(r),
                r.nextBoolean() ? null : 1 + r.nextInt(5),
                fields.isEmpty() && r.nextBoolean() ? null : fields,
                System.currentTimeMillis());
    }

    /** Record i with the given status and an item's key. */
    private static ItemRecord plain(Random r, int i, String status) {
        ItemRecord x = withStatus(record(r, i, true), status);
        return new ItemRecord(
                "k" + i,
                x.status(),
                x.url(),
                x.path(),
                x.label(),
                x.subset(),
                x.source(),
                x.sourceId(),
                x.license(),
                x.rightsHolder(),
                x.sha256(),
                x.bytes(),
                x.width(),
                x.height(),
                x.contentType(),
                x.reason(),
                x.attempts(),
                x.fields(),
                x.time());
    }

    private static ItemRecord withFields(ItemRecord x, Map<String, String> fields) {
        return new ItemRecord(
                x.key(),
                x.status(),
                x.url(),
                x.path(),
                x.label(),
                x.subset(),
                x.source(),
                x.sourceId(),
                x.license(),
                x.rightsHolder(),
                x.sha256(),
                x.bytes(),
                x.width(),
                x.height(),
                x.contentType(),
                x.reason(),
                x.attempts(),
                fields,
                x.time());
    }

    private static ItemRecord withStatus(ItemRecord x, String status) {
        return new ItemRecord(
                x.key(),
                status,
                x.url(),
                x.path(),
                x.label(),
                x.subset(),
                x.source(),
                x.sourceId(),
                x.license(),
                x.rightsHolder(),
                x.sha256(),
                x.bytes(),
                x.width(),
                x.height(),
                x.contentType(),
                x.reason(),
                x.attempts(),
                x.fields(),
                x.time());
    }
}
