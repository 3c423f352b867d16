package org.trawl.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.trawl.core.Shard;

/**
 * Where resume state lives: {@code OUT/.trawl/} for a whole run, {@code OUT/.trawl/shards/I-of-N/}
 * for one shard, so N processes never write the same file. Readers take the union of all stores.
 */
public final class StateLayout {
    public static final String STATE_DIR = ".trawl";

    private StateLayout() {}

    /**
     * Where a source's intermediate files go, relative to OUT (iiif's tiles, stitched into a page after
     * the download): the only place under the state folder a planned item may be written to.
     */
    public static final String INTERMEDIATE = STATE_DIR + "/tiles/";

    /**
     * Whether an item's path or key is a source's intermediate file: fetched and checkpointed like any
     * item, but never a row of metadata.csv or failures.csv, nor fed to a sink.
     */
    public static boolean isIntermediate(String key) {
        return key != null && key.startsWith(INTERMEDIATE);
    }

    public static Path root(Path out) {
        return out.resolve(STATE_DIR);
    }

    public static Path storeDir(Path out, Shard shard) {
        return shard.isWhole()
                ? root(out)
                : root(out).resolve("shards").resolve(shard.index() + "-of-" + shard.count());
    }

    /** Every store that holds state, the unsharded one first. */
    public static List<Path> allStores(Path out) {
        List<Path> stores = new ArrayList<>();
        Path root = root(out);
        if (hasState(root)) {
            stores.add(root);
        }
        Path shards = root.resolve("shards");
        if (Files.isDirectory(shards)) {
            try (Stream<Path> s = Files.list(shards)) {
                s.filter(StateLayout::hasState).sorted().forEach(stores::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return stores;
    }

    private static boolean hasState(Path dir) {
        return Files.exists(dir.resolve(CheckpointStore.CHECKPOINT))
                || Files.exists(dir.resolve(CheckpointStore.JOURNAL));
    }
}
