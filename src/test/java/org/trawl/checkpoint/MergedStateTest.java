package org.trawl.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.core.Shard;

/** How the outcomes of several shards' checkpoints merge once items can be dropped on purpose. */
class MergedStateTest {
    @TempDir
    Path out;

    static ItemRecord rec(String key, String status, long time) {
        return new ItemRecord(
                key,
                status,
                "http://h/" + key,
                key + ".jpg",
                "L",
                null,
                null,
                null,
                null,
                null,
                "ab",
                10L,
                1,
                1,
                "image/jpeg",
                ItemRecord.FAILED.equals(status) ? "http 500" : null,
                1,
                null,
                time);
    }

    void write(Shard shard, ItemRecord... records) {
        try (CheckpointStore s = CheckpointStore.open(StateLayout.storeDir(out, shard), false)) {
            for (ItemRecord r : records) {
                s.append(r).join();
            }
        }
    }

    List<String> merged() {
        List<String> seen = new ArrayList<>();
        MergedState.forEach(
                out,
                r -> seen.add("done " + r.key()),
                r -> seen.add("dropped " + r.key()),
                r -> seen.add("failed " + r.key()));
        return seen;
    }

    @Test
    void aDropAfterTheDownloadWinsAndADownloadAfterTheDropWins() {
        Shard one = Shard.parse("0/2"), two = Shard.parse("1/2");
        // k1: done by shard 1, later dropped by shard 2 (whose dedup ran last)
        // k2: dropped by shard 2, later fetched again by shard 1 (--overwrite)
        // k3: failed in shard 1, dropped in shard 2: a drop is not a failure
        write(
                one,
                rec("k1", ItemRecord.DONE, 100),
                rec("k2", ItemRecord.DONE, 300),
                rec("k3", ItemRecord.FAILED, 100),
                rec("k4", ItemRecord.FAILED, 100));
        write(
                two,
                rec("k1", ItemRecord.DONE, 90).asDuplicateOf("k0.jpg"),
                rec("k2", ItemRecord.DROPPED, 200),
                rec("k3", ItemRecord.DROPPED, 50));

        assertThat(merged()).containsExactlyInAnyOrder("dropped k1", "done k2", "dropped k3", "failed k4");
        List<String> legacy = new ArrayList<>();
        MergedState.forEach(out, r -> legacy.add("done " + r.key()), r -> legacy.add("failed " + r.key()));
        assertThat(legacy)
                .as("readers that know only done and failed never see a dropped item")
                .containsExactlyInAnyOrder("done k2", "failed k4");
    }

    @Test
    void inASingleStoreEachKeysLatestRecordDecidesInOneReading() {
        write(
                Shard.WHOLE,
                rec("k1", ItemRecord.DONE, 100),
                rec("k2", ItemRecord.DONE, 100),
                rec("k3", ItemRecord.FAILED, 100),
                rec("k4", ItemRecord.FAILED, 100),
                rec("k5", ItemRecord.DONE, 100));
        // a later run: k1 dropped as a duplicate, k2 dropped then fetched again, k4 fetched, k5 failed on --overwrite
        write(
                Shard.WHOLE,
                rec("k1", ItemRecord.DONE, 200).asDuplicateOf("k0.jpg"),
                rec("k2", ItemRecord.DROPPED, 200),
                rec("k2", ItemRecord.DONE, 300),
                rec("k4", ItemRecord.DONE, 200),
                rec("k5", ItemRecord.FAILED, 200));

        assertThat(merged()).containsExactlyInAnyOrder("dropped k1", "done k2", "failed k3", "done k4", "failed k5");
    }

    @Test
    void theStoreIndexTellsDroppedApart() {
        write(
                Shard.WHOLE,
                rec("k1", ItemRecord.DONE, 1),
                rec("k2", ItemRecord.DONE, 1).asDuplicateOf("k1.jpg"));
        KeyIndex idx = new KeyIndex();
        try (CheckpointStore s = CheckpointStore.open(StateLayout.root(out), false)) {
            s.load(idx);
        }
        assertThat(idx.get("k1")).isEqualTo(ItemRecord.STATE_DONE);
        assertThat(idx.get("k2")).isEqualTo(ItemRecord.STATE_DROPPED);
    }
}
