package org.trawl.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** fsync helpers for --fsync: a rename is durable only once its directory is synced. */
public final class Durability {
    private Durability() {}

    public static void syncDir(Path dir) {
        try (FileChannel c = FileChannel.open(dir, StandardOpenOption.READ)) {
            c.force(true);
        } catch (IOException ignored) {
            // some filesystems cannot fsync a directory; the rename itself is still atomic
        }
    }
}
