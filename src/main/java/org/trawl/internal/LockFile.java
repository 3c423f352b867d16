package org.trawl.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.UUID;

/**
 * Work done by one process at a time across processes, under a lock file that is removed afterwards
 * (so none is left beside the user's files). Removing a lock file is only safe if a process that
 * waited on the removed file notices and locks the new one: Java cannot fstat a channel, so each
 * holder writes a unique token into the file, and a process that gets the lock compares what its
 * channel reads with what the path reads now. Only a holder removes the file, and only after writing
 * its token, so an empty file was never removed and is the one at the path.
 */
public final class LockFile {
    private LockFile() {}

    /** The work to do while holding the lock. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws IOException;
    }

    public static <T> T holding(Path lock, Work<T> work) throws IOException {
        byte[] token = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
        while (true) {
            try (FileChannel ch = FileChannel.open(
                            lock, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                    FileLock ignored = ch.lock()) {
                if (!stillAtPath(ch, lock)) {
                    continue; // the holder we waited for removed it: lock the file now at the path
                }
                ch.truncate(0).write(ByteBuffer.wrap(token), 0);
                try {
                    return work.run();
                } finally {
                    Files.deleteIfExists(lock); // while still locked: whoever waits on it retries
                }
            }
        }
    }

    private static boolean stillAtPath(FileChannel ch, Path lock) throws IOException {
        ByteBuffer held = ByteBuffer.allocate((int) Math.min(ch.size(), 256));
        ch.read(held, 0);
        if (held.position() == 0) {
            return true;
        }
        try {
            byte[] now = Files.readAllBytes(lock);
            return Arrays.equals(now, Arrays.copyOf(held.array(), held.position()));
        } catch (NoSuchFileException e) {
            return false;
        }
    }
}
