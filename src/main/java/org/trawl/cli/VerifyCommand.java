package org.trawl.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.trawl.checkpoint.CheckpointStore;
import org.trawl.checkpoint.ItemRecord;
import org.trawl.checkpoint.MergedState;
import org.trawl.checkpoint.OutLock;
import org.trawl.checkpoint.StateLayout;
import org.trawl.core.ExitCode;
import org.trawl.core.Shard;
import org.trawl.plan.PathSanitizer;
import org.trawl.sink.DatasetTables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * trawl verify DIR: re-hashes every finished file against the checkpoint. Missing and corrupt files
 * are reported and marked failed in the checkpoint, so re-running the download command repairs them.
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = "Re-hash every downloaded file against the checkpoint; report missing and corrupt files and "
                + "mark them failed so a re-run fetches them again. Exit 3 if any. Items dropped by --dedup are not in the "
                + "dataset: their deleted files are not missing.")
public class VerifyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "An output folder of trawl.")
    Path dir;

    @Option(names = "--no-mark", description = "Only report; leave the checkpoint as it is.")
    boolean noMark;

    @Override
    public Integer call() throws Exception {
        StatusCommand.requireState(dir);
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<ItemRecord> bad = new ArrayList<>();
        long[] ok = {0};
        long[] unchecked = {0};
        String[] why = {null};
        try {
            List<Future<ItemRecord>> window = new ArrayList<>();
            MergedState.forEach(
                    dir,
                    r -> {
                        if (StateLayout.isIntermediate(r.key())) {
                            return; // a tile, deleted once its page was stitched: the page is what is checked
                        }
                        String unwritable = r.path() == null ? null : PathSanitizer.unwritable(r.path());
                        if (unwritable
                                != null) { // named under a UTF-8 locale, unreadable under this one: not a fault of the
                            // file
                            unchecked[0]++;
                            why[0] = unwritable;
                            return;
                        }
                        window.add(pool.submit(() -> check(r)));
                        if (window.size() >= threads * 8) { // bounded: never a future per item of a million
                            drain(window, bad, ok);
                        }
                    },
                    r -> {});
            drain(window, bad, ok);
        } finally {
            pool.shutdown();
        }
        for (ItemRecord r : bad) {
            System.out.println(r.reason() + ": " + r.path());
        }
        if (!bad.isEmpty() && !noMark) {
            // marking writes the unsharded store: no run may be writing to this folder meanwhile
            try (OutLock lock = OutLock.acquire(dir, Shard.WHOLE);
                    CheckpointStore own = CheckpointStore.open(StateLayout.root(dir), false)) {
                for (ItemRecord r : bad) {
                    own.append(r).join();
                }
            }
            DatasetTables.rebuild(dir);
        }
        System.out.printf(
                Locale.ROOT,
                "%d files verified, %d missing or corrupt%s%n",
                ok[0],
                bad.size(),
                bad.isEmpty() || noMark ? "" : " (marked failed: re-run the download to fetch them again)");
        if (unchecked[0] > 0) {
            System.out.printf(Locale.ROOT, "%d files not checked: %s%n", unchecked[0], why[0]);
        }
        return bad.isEmpty() && unchecked[0] == 0 ? ExitCode.OK : ExitCode.PARTIAL;
    }

    private static void drain(List<Future<ItemRecord>> window, List<ItemRecord> bad, long[] ok) {
        for (Future<ItemRecord> f : window) {
            try {
                ItemRecord r = f.get();
                if (r == null) {
                    ok[0]++;
                } else {
                    bad.add(r);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        window.clear();
    }

    /** null when the file is intact, else the record marked failed with why. */
    private ItemRecord check(ItemRecord r) {
        Path file = PathSanitizer.inside(dir, r.path());
        MessageDigest md = org.trawl.internal.Sha256.newDigest();
        long size = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
                size += n;
            }
        } catch (NoSuchFileException e) {
            return r.asFailed("missing");
        } catch (IOException e) {
            return r.asFailed("unreadable: " + e.getMessage());
        }
        String sha = HexFormat.of().formatHex(md.digest());
        if (!sha.equals(r.sha256()) || (r.bytes() != null && r.bytes() != size)) {
            return r.asFailed("corrupt: sha256 differs from the checkpoint");
        }
        return null;
    }
}
