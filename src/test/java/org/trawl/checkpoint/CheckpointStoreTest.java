package org.trawl.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.core.TrawlException;

class CheckpointStoreTest {
    @TempDir
    Path dir;

    static ItemRecord rec(String key, String status) {
        return new ItemRecord(
                key,
                status,
                "http://h/" + key,
                key + ".jpg",
                null,
                null,
                null,
                null,
                null,
                null,
                ItemRecord.DONE.equals(status) ? "ab" : null,
                10L,
                1,
                1,
                "image/jpeg",
                ItemRecord.FAILED.equals(status) ? "http 500" : null,
                1,
                null,
                0L);
    }

    @Test
    void journalIsCompactedAndTheLatestRecordWins() throws Exception {
        int keys = 30_000;
        try (CheckpointStore s = CheckpointStore.open(dir, false)) {
            List<CompletableFuture<Void>> acks = new ArrayList<>();
            for (int i = 0; i < keys; i++) {
                acks.add(s.append(rec("k" + i, i % 3 == 0 ? ItemRecord.FAILED : ItemRecord.DONE)));
            }
            for (int i = 0; i < keys; i += 3) { // the failed ones succeed later
                acks.add(s.append(rec("k" + i, ItemRecord.DONE)));
            }
            acks.forEach(CompletableFuture::join);
        }
        assertThat(Files.size(dir.resolve(CheckpointStore.JOURNAL)))
                .as("folded into the snapshot on close")
                .isZero();
        List<ItemRecord> all = new ArrayList<>();
        CheckpointStore.forEachLatest(dir, all::add);
        assertThat(all).hasSize(keys).allMatch(ItemRecord::done);

        KeyIndex idx = new KeyIndex();
        try (CheckpointStore s = CheckpointStore.open(dir, true)) {
            s.load(idx);
            s.append(rec("k1", ItemRecord.FAILED)).join();
        }
        assertThat(idx.size()).isEqualTo(keys);
        assertThat(idx.get("k0")).isEqualTo(1);
        KeyIndex after = new KeyIndex();
        try (CheckpointStore s = CheckpointStore.open(dir, false)) {
            s.load(after);
        }
        assertThat(after.get("k1")).isEqualTo(2);
        assertThat(after.get("nope")).isEqualTo(KeyIndex.ABSENT);
    }

    @Test
    void aLineTornByACrashIsCutBeforeTheNextAppend() throws Exception {
        try (CheckpointStore s = CheckpointStore.open(dir, false)) {
            s.append(rec("a", ItemRecord.DONE)).join();
        }
        Files.delete(dir.resolve(CheckpointStore.CHECKPOINT)); // back to a journal-only state, as mid-run
        Files.writeString(
                dir.resolve(CheckpointStore.JOURNAL),
                "{\"key\":\"a\",\"status\":\"done\",\"url\":\"u\"}\n{\"key\":\"b\",\"sta",
                StandardCharsets.UTF_8);
        KeyIndex idx = new KeyIndex();
        try (CheckpointStore s = CheckpointStore.open(dir, false)) {
            s.load(idx);
            assertThat(Files.readString(dir.resolve(CheckpointStore.JOURNAL))).doesNotContain("\"b\"");
            s.append(rec("c", ItemRecord.DONE)).join();
        }
        List<String> keys = new ArrayList<>();
        CheckpointStore.forEachLatest(dir, r -> keys.add(r.key()));
        assertThat(keys).containsExactlyInAnyOrder("a", "c");
        assertThat(idx.get("b")).isEqualTo(KeyIndex.ABSENT);
    }

    @Test
    void asecondWriterOfTheSameStoreIsRefused() {
        try (CheckpointStore s = CheckpointStore.open(dir.resolve(".trawl"), false)) {
            assertThatThrownBy(() -> CheckpointStore.open(dir.resolve(".trawl"), false))
                    .isInstanceOf(TrawlException.class)
                    .hasMessageContaining("another trawl process");
        }
    }

    @Test
    void anUnreadableCheckpointIsAClearError() throws Exception {
        Files.writeString(dir.resolve(CheckpointStore.CHECKPOINT), "not json", StandardOpenOption.CREATE);
        assertThatThrownBy(() -> CheckpointStore.forEachLatest(dir, r -> {}))
                .isInstanceOf(TrawlException.class)
                .hasMessageContaining("unreadable")
                .hasMessageContaining("move it aside");
    }
}
