package org.trawl.checkpoint;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.trawl.core.Shard;
import org.trawl.core.TrawlException;

/**
 * The one lock of an output folder, held for the whole of a run: either one unsharded process, or the shards of
 * one {@code --shard I/N} (any number of them, all with the same N). Without it an unsharded run and a
 * {@code --shard 1/2} run on the same OUT each locked only their own checkpoint, fetched the same items and
 * raced on the same {@code .part} files. (Two processes with the same I/N are refused by the store's own lock.)
 *
 * <p>Byte-range locks on {@code .trawl/run.lock} say it without any file content that a crash could leave stale:
 * the kernel drops a dead process's locks. An unsharded run locks every byte from 1 on, exclusively. A shard of N
 * locks byte N shared (its siblings share it), then checks that no process holds any other byte by locking those
 * ranges exclusively for a moment. Byte 0 is a gate held (blocking, for microseconds) around that take-and-check:
 * without it, the checks of two siblings starting together (a Slurm array starts them at once) each saw the
 * other's momentary probe and both refused.
 */
public final class OutLock implements AutoCloseable {
    static final String FILE = "run.lock";
    private static final long END = Long.MAX_VALUE - 1;
    /** How far the message looks for the N of the run holding the lock (only on the refusal path). */
    private static final int PROBE_LIMIT = 4096;

    private final FileChannel channel;
    private final FileLock lock;

    private OutLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Locks OUT for a run of this shard, or throws a usage error naming OUT and the run that holds it. */
    public static OutLock acquire(Path out, Shard shard) {
        Path file = StateLayout.root(out).resolve(FILE);
        FileChannel ch = null;
        try {
            Files.createDirectories(file.getParent());
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock held;
            String holder = null;
            synchronized (OutLock.class) { // the gate is per process; in one JVM (tests) a second lock would throw
                try (FileLock gate = ch.lock(0, 1, false)) {
                    held = shard.isWhole() ? tryLock(ch, 1, END, false) : shardLock(ch, shard.count());
                    if (held == null) {
                        holder = describeHolder(ch, shard.isWhole() ? -1 : shard.count());
                    }
                }
            }
            if (held == null) {
                ch.close();
                throw TrawlException.usage("another trawl run (" + holder + ") is writing to " + display(out)
                        + "; only the shards of one --shard I/N may share an output folder: wait for it to end, or "
                        + "write to another folder");
            }
            return new OutLock(ch, held);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new TrawlException(1, "cannot lock the output folder " + display(out) + ": " + e.getMessage(), e);
        }
    }

    private static FileLock shardLock(FileChannel ch, int n) throws IOException {
        FileLock mine = tryLock(ch, n, 1, true);
        if (mine == null) {
            return null; // an unsharded run holds everything
        }
        if (othersFree(ch, 1, n - 1) && othersFree(ch, n + 1, END - n - 1)) {
            return mine;
        }
        mine.release();
        return null;
    }

    /** Whether no process holds any byte of the range: locked exclusively for a moment, then released. */
    private static boolean othersFree(FileChannel ch, long from, long size) throws IOException {
        if (size <= 0) {
            return true;
        }
        FileLock probe = tryLock(ch, from, size, false);
        if (probe == null) {
            return false;
        }
        probe.release();
        return true;
    }

    /** A lock, or null when another process (or another channel of this one) holds an overlapping one. */
    private static FileLock tryLock(FileChannel ch, long from, long size, boolean shared) throws IOException {
        try {
            return ch.tryLock(from, size, shared);
        } catch (OverlappingFileLockException e) {
            return null; // held within this JVM (tests run several commands in one)
        }
    }

    /** Which run holds the folder, for the message: unsharded, or shards of some N. */
    private static String describeHolder(FileChannel ch, int ownN) throws IOException {
        if (!othersFree(ch, 1, 1)) {
            return "without --shard";
        }
        for (int n = 2; n <= PROBE_LIMIT; n++) {
            if (n != ownN && !othersFree(ch, n, 1)) {
                return "--shard I/" + n;
            }
        }
        return ownN > 0 ? "sharded differently" : "sharded";
    }

    private static String display(Path out) {
        return out.toAbsolutePath().normalize().toString();
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // the lock file's channel: nothing was written through it
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // released by close below in any case
        }
        closeQuietly(channel);
    }
}
