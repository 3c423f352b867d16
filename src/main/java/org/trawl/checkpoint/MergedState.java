package org.trawl.checkpoint;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The outcome of every item in an output folder, across the stores of all processes and shards
 * that wrote there: each key once, a success anywhere winning over a failure elsewhere.
 *
 * <p>A drop (an item removed from the dataset on purpose after its download) and a success in two
 * stores are both decisions about a downloaded file, so the later one wins: a drop made after the
 * download stands, a download redone after the drop (--overwrite) stands.
 */
public final class MergedState {
    private MergedState() {}

    /** Calls done for each finished item and failed for each item that finished nowhere; dropped items are left out. */
    public static void forEach(Path out, Consumer<ItemRecord> done, Consumer<ItemRecord> failed) {
        forEach(out, done, r -> {}, failed);
    }

    /**
     * Calls done for each item in the dataset, dropped for each item removed from it on purpose, and
     * failed for each item that finished nowhere; each key once (the calls interleave when one process
     * wrote the folder).
     */
    public static void forEach(
            Path out, Consumer<ItemRecord> done, Consumer<ItemRecord> dropped, Consumer<ItemRecord> failed) {
        List<Path> stores = StateLayout.allStores(out);
        if (stores.size() == 1) {
            // One writer: each key's latest record is its state (a drop made after the download is that key's
            // latest record, a download redone after a drop likewise), so one reading decides every item
            // instead of three; at a million items each reading of the checkpoint is seconds.
            CheckpointStore.forEachLatest(stores.get(0), r -> {
                if (r.done()) {
                    done.accept(r);
                } else if (r.dropped()) {
                    dropped.accept(r);
                } else if (r.failed()) {
                    failed.accept(r);
                }
            });
            return;
        }
        // drops are few (duplicates), so they fit in memory; the latest drop of a key wins
        Map<String, ItemRecord> drops = new HashMap<>();
        for (Path s : stores) {
            CheckpointStore.forEachLatest(s, r -> {
                if (r.dropped()) {
                    drops.merge(r.key(), r, (a, b) -> b.timeOrZero() > a.timeOrZero() ? b : a);
                }
            });
        }
        KeyIndex seen = new KeyIndex();
        for (Path s : stores) {
            CheckpointStore.forEachLatest(s, r -> {
                if (!r.done() || seen.contains(r.key())) {
                    return;
                }
                ItemRecord drop = drops.get(r.key());
                if (drop != null && drop.timeOrZero() >= r.timeOrZero()) {
                    return; // dropped after this download: reported below, once
                }
                seen.put(r.key(), ItemRecord.STATE_DONE);
                done.accept(r);
            });
        }
        for (ItemRecord r : drops.values()) {
            if (seen.put(r.key(), ItemRecord.STATE_DROPPED) == KeyIndex.ABSENT) {
                dropped.accept(r);
            }
        }
        for (Path s : stores) {
            CheckpointStore.forEachLatest(s, r -> {
                if (r.failed() && seen.put(r.key(), ItemRecord.STATE_FAILED) == KeyIndex.ABSENT) {
                    failed.accept(r);
                }
            });
        }
    }
}
