package org.trawl.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock file is gone after the work, and a process that waited on a removed one locks the new one. */
class LockFileTest {
    @TempDir
    Path tmp;

    @Test
    void theLockFileIsRemovedAfterTheWork() throws Exception {
        Path lock = tmp.resolve("k.zip.lock");
        String got = LockFile.holding(lock, () -> {
            assertThat(lock).exists();
            return "done";
        });
        assertThat(got).isEqualTo("done");
        assertThat(lock).doesNotExist();
    }

    @Test
    void aLeftoverOfACrashedHolderIsTakenOver() throws Exception {
        Path lock = tmp.resolve("k.zip.lock");
        Files.writeString(lock, "token-of-a-process-killed-while-holding-it");
        assertThat(LockFile.holding(lock, () -> 1)).isEqualTo(1);
        assertThat(lock).doesNotExist();
    }

    /**
     * Another process holds the lock, as a sibling shard downloading the archive would, and removes the
     * file when done: this one waits, sees that the file it locked is no longer at the path, and locks
     * the file there now, so the two never work at once on two different lock files.
     */
    @Test
    void aWaiterOnARemovedFileLocksTheFileAtThePath() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "python3 plays the other process");
        Path lock = tmp.resolve("k.zip.lock");
        String script = "import fcntl,os,sys,time\nf=open(sys.argv[1],'a+')\nfcntl.lockf(f,fcntl.LOCK_EX)\n"
                + "f.write('python-token');f.flush()\nprint('locked',flush=True)\ntime.sleep(1)\n"
                + "os.remove(sys.argv[1])\nopen(sys.argv[1]+'.removed','w').close()\nfcntl.lockf(f,fcntl.LOCK_UN)\n";
        Process other = new ProcessBuilder("python3", "-c", script, lock.toString())
                .redirectErrorStream(true)
                .start();
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(r.readLine()).isEqualTo("locked");
            boolean[] sawRemoval = new boolean[1];
            LockFile.holding(lock, () -> {
                sawRemoval[0] = Files.exists(tmp.resolve("k.zip.lock.removed"));
                assertThat(lock).exists(); // the new file, locked by us
                return null;
            });
            assertThat(sawRemoval[0])
                    .as("the work ran only after the other holder was done")
                    .isTrue();
        } finally {
            assertThat(other.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(lock).doesNotExist();
    }
}
