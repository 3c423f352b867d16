package org.trawl.checkpoint;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The outcome of every item in an output folder, across the stores of all processes and shards
 * that wrote there: each key once, a success anywhere winning over a failure elsewhere.
 */
public final class MergedState {
    private MergedState() {
    }

    /** Calls done for each finished item, then failed for each item that finished nowhere. */
    public static void forEach(Path out, Consumer<ItemRecord> done, Consumer<ItemRecord> failed) {
        List<Path> stores = StateLayout.allStores(out);
        KeyIndex seen = new KeyIndex();
        for (Path s : stores) {
            CheckpointStore.forEachLatest(s, r -> {
                if (r.done() && seen.put(r.key(), 1) == KeyIndex.ABSENT) {
                    done.accept(r);
                }
            });
        }
        for (Path s : stores) {
            CheckpointStore.forEachLatest(s, r -> {
                if (!r.done() && seen.put(r.key(), 2) == KeyIndex.ABSENT) {
                    failed.accept(r);
                }
            });
        }
    }
}
