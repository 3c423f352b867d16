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
import org.trawl.checkpoint.CheckpointStore;
import org.trawl.checkpoint.ItemRecord;
import org.trawl.checkpoint.MergedState;
import org.trawl.checkpoint.StateLayout;
import org.trawl.internal.Csv;

/**
 * Rebuilds OUT/metadata.csv and OUT/failures.csv from the checkpoints of every process that wrote
 * into OUT. Because they are derived, never appended to, concurrent shards cannot interleave rows,
 * and a crash can never leave them half-written: each is written aside and renamed, under a lock.
 */
public final class DatasetTables {
    public static final List<String> METADATA_COLUMNS = List.of("path", "url", "label", "subset", "source",
            "source_id", "license", "rights_holder", "sha256", "bytes", "width", "height", "content_type");
    public static final List<String> FAILURE_COLUMNS = List.of("url", "path", "reason", "attempts");

    private DatasetTables() {
    }

    public record Counts(long done, long failed) {
    }

    public static Counts rebuild(Path out) {
        return underLock(out, () -> write(out));
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
        List<Path> stores = StateLayout.allStores(out);
        // pass 1: the extra columns (the sources' own fields), in first-seen order
        Set<String> extra = new LinkedHashSet<>();
        for (Path s : stores) {
            CheckpointStore.forEachLatest(s, r -> {
                if (r.done() && r.fields() != null && !StateLayout.isIntermediate(r.key())) {
                    for (String k : r.fields().keySet()) {
                        if (!METADATA_COLUMNS.contains(k)) {
                            extra.add(k);
                        }
                    }
                }
            });
        }
        long[] counts = new long[2];
        Path meta = out.resolve("metadata.csv");
        Path metaTmp = out.resolve(".metadata.csv.tmp");
        Path fail = out.resolve("failures.csv");
        Path failTmp = out.resolve(".failures.csv.tmp");
        try (BufferedWriter mw = Files.newBufferedWriter(metaTmp, StandardCharsets.UTF_8);
                BufferedWriter fw = Files.newBufferedWriter(failTmp, StandardCharsets.UTF_8)) {
            List<String> header = new ArrayList<>(METADATA_COLUMNS);
            header.addAll(extra);
            mw.write(Csv.row(header));
            fw.write(Csv.row(FAILURE_COLUMNS));
            MergedState.forEach(out, r -> {
                if (StateLayout.isIntermediate(r.key())) {
                    return;
                }
                counts[0]++;
                write(mw, metadataRow(r, extra));
            }, r -> {
                if (StateLayout.isIntermediate(r.key())) {
                    return; // the source reports the item made from it instead (iiif: the page a tile belongs to)
                }
                counts[1]++;
                write(fw, Csv.row(List.of(r.url(), r.path() == null ? "" : r.path(), r.reason() == null ? "" : r.reason(),
                        String.valueOf(r.attempts() == null ? 1 : r.attempts()))));
            });
        }
        Files.move(metaTmp, meta, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Files.move(failTmp, fail, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return new Counts(counts[0], counts[1]);
    }

    private static String metadataRow(ItemRecord r, Set<String> extra) {
        List<String> v = new ArrayList<>(METADATA_COLUMNS.size() + extra.size());
        v.add(r.path());
        v.add(r.url());
        v.add(r.label());
        v.add(r.subset());
        v.add(r.source());
        v.add(r.sourceId());
        v.add(r.license());
        v.add(r.rightsHolder());
        v.add(r.sha256());
        v.add(str(r.bytes()));
        v.add(str(r.width()));
        v.add(str(r.height()));
        v.add(r.contentType());
        Map<String, String> f = r.fields() == null ? Map.of() : r.fields();
        for (String k : extra) {
            v.add(f.get(k));
        }
        return Csv.row(v);
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
