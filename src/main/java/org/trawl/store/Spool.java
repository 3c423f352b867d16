package org.trawl.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.trawl.core.TrawlException;

/**
 * The local folder an {@code s3://} run works in: the run writes OUT's layout into it as it would on disk,
 * and {@link #push} uploads it. The bucket is the truth: {@link #pull} empties the spool and brings the
 * bucket's {@code .trawl/} state in, so a re-run on another machine (another spool) resumes from what the
 * bucket holds, and a spool left by a crash never claims an item the bucket lacks.
 */
public final class Spool {
    /** Marks a folder as a spool trawl may empty: a user's --spool folder must be empty or carry it. */
    static final String MARKER = ".trawl-spool";

    private static final String STATE = ".trawl/";

    private final Path dir;

    private Spool(Path dir) {
        this.dir = dir;
    }

    /**
     * The spool at {@code dir} (--spool), or by default {@code $TMPDIR/trawl-spool/BUCKET/PREFIX[shard]}, emptied.
     *
     * @param shardName "i-of-n" for a shard (so shards of one machine never share a spool), or null
     */
    public static Spool open(Path dir, S3Location at, String shardName) {
        Path d = dir != null
                ? dir
                : Path.of(System.getProperty("java.io.tmpdir"), "trawl-spool", at.bucket())
                        .resolve(at.prefix().isEmpty() ? "_" : at.prefix())
                        .resolve(shardName == null ? "whole" : shardName);
        try {
            if (Files.isDirectory(d) && !Files.exists(d.resolve(MARKER))) {
                try (Stream<Path> s = Files.list(d)) {
                    if (s.findAny().isPresent()) {
                        throw TrawlException.usage(
                                "the spool " + d + " is not empty and is not a trawl spool: give an empty folder");
                    }
                }
            }
            if (Files.isDirectory(d)) {
                empty(d);
            }
            Files.createDirectories(d);
            Files.writeString(d.resolve(MARKER), at.toString() + "\n");
        } catch (IOException e) {
            throw TrawlException.usage("cannot use the spool " + d + ": " + e.getMessage());
        }
        return new Spool(d);
    }

    public Path dir() {
        return dir;
    }

    /**
     * Brings the bucket's state into the spool: {@code .trawl/} (every shard's journal), or with
     * {@code everything} every object, for the steps that read earlier items' files (--export, --dedup).
     * Multipart uploads a stopped run left are aborted first.
     */
    public int pull(ObjectStore store, boolean everything) {
        store.abortUnfinishedUploads("");
        int n = 0;
        for (ObjectStore.ObjectInfo o : store.list(everything ? "" : STATE)) {
            Path to = local(o.name());
            if (to != null) {
                store.get(o.name(), to);
                n++;
            }
        }
        return n;
    }

    /**
     * Uploads the spool: the items first, then the tables, exports and dataset card, and the state last,
     * so the bucket's journal never names an item the bucket lacks. Every file but the state is deleted
     * once the store has confirmed it. Other shards' state is never uploaded (each keeps its own object).
     *
     * @param ownState this process's store folder relative to the spool ('/'-separated, e.g. ".trawl" or
     *     ".trawl/shards/1-of-4")
     * @return how many objects were uploaded
     */
    public int push(ObjectStore store, String ownState) {
        List<String> items = new ArrayList<>(), top = new ArrayList<>(), state = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).forEach(f -> {
                String rel = dir.relativize(f).toString().replace('\\', '/');
                if (rel.equals(MARKER) || rel.endsWith(".lock") || rel.endsWith(".part")) {
                    return;
                }
                if (rel.startsWith(STATE)) {
                    boolean otherShard = rel.startsWith(STATE + "shards/") && !rel.startsWith(ownState + "/");
                    if (!otherShard) {
                        state.add(rel);
                    }
                } else {
                    (rel.contains("/") ? items : top).add(rel);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int n = 0;
        for (List<String> group : List.of(items, top)) {
            for (String rel : group) {
                Path f = dir.resolve(rel);
                store.put(rel, f);
                delete(f);
                n++;
            }
        }
        for (String rel : state) {
            store.put(rel, dir.resolve(rel));
            n++;
        }
        return n;
    }

    /** The spool file for an object name, or null for a name that would leave the spool. */
    private Path local(String name) {
        Path p = dir.resolve(name).normalize();
        return p.startsWith(dir) && !p.equals(dir) && !name.endsWith("/") ? p : null;
    }

    private static void delete(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            // uploaded all the same: a file left behind only costs spool space until the next run empties it
        }
    }

    private static void empty(Path d) throws IOException {
        try (Stream<Path> s = Files.walk(d)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(d)) {
                    Files.delete(p);
                }
            }
        }
    }
}
