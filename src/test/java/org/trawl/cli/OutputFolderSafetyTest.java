package org.trawl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.checkpoint.CheckpointStore;
import org.trawl.checkpoint.OutLock;
import org.trawl.checkpoint.StateLayout;
import org.trawl.core.Shard;
import org.trawl.testing.FaultServer;
import org.trawl.testing.TestImages;

/**
 * Issue 19, items 8 and 9: one run per output folder (or the shards of one N), a damaged journal named by file and
 * line, and tables whose bytes do not depend on the order the transfers finished in.
 */
@QuarkusMainTest
class OutputFolderSafetyTest {
    @TempDir
    Path tmp;

    FaultServer server;

    @BeforeEach
    void start() {
        server = FaultServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Path list(int n) throws Exception {
        StringBuilder sb = new StringBuilder("url,label\n");
        for (int i = 0; i < n; i++) {
            server.image("/i" + i + ".jpg", TestImages.jpeg(8 + i, 8, i), "image/jpeg");
            sb.append(server.url("/i" + i + ".jpg"))
                    .append(',')
                    .append(i % 2 == 0 ? "even" : "odd")
                    .append('\n');
        }
        Path p = tmp.resolve("list.csv");
        Files.writeString(p, sb);
        return p;
    }

    private static void assertRefused(LaunchResult r, String... expected) {
        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(2);
        assertThat(r.getErrorOutput()).contains(expected).doesNotContain("null").doesNotContain("\tat ");
    }

    /**
     * Another process holding OUT's run lock as a run of that kind would (python's lockf takes the same POSIX
     * byte-range locks): in this JVM a second lock on the same range throws instead of sharing.
     */
    private static Process holdLock(Path out, Shard shard) throws Exception {
        Path file = StateLayout.root(out).resolve("run.lock");
        Files.createDirectories(file.getParent());
        String script = "import fcntl,sys\n"
                + "f=open(sys.argv[1],'a+')\n"
                + (shard.isWhole()
                        ? "fcntl.lockf(f,fcntl.LOCK_EX|fcntl.LOCK_NB,0,1)\n"
                        : "fcntl.lockf(f,fcntl.LOCK_SH|fcntl.LOCK_NB,1," + shard.count() + ")\n")
                + "print('locked',flush=True)\nsys.stdin.read()\n";
        Process p = new ProcessBuilder("python3", "-c", script, file.toString())
                .redirectErrorStream(true)
                .start();
        String first = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream())).readLine();
        assertThat(first).isEqualTo("locked");
        return p;
    }

    @Test
    void anUnshardedRunAndAShardedOneNeverShareAnOutput(QuarkusMainLauncher l) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/python3"))
                        || Files.isExecutable(Path.of("/usr/local/bin/python3")),
                "python3 holds the other run's lock");
        Path list = list(8);
        Path out = tmp.resolve("out");
        Process shardOfTwo = holdLock(out, new Shard(1, 2));
        try {
            assertRefused(
                    l.launch("urls", list.toString(), "-o", out.toString(), "-q"),
                    "another trawl run (--shard I/2) is writing to " + out.toAbsolutePath());
            assertRefused(
                    l.launch("urls", list.toString(), "-o", out.toString(), "-q", "--shard", "0/3"),
                    "another trawl run (--shard I/2)");
            assertThat(Files.exists(out.resolve("metadata.csv"))).isFalse();
            // a sibling of the same N goes on
            LaunchResult sibling = l.launch("urls", list.toString(), "-o", out.toString(), "-q", "--shard", "0/2");
            assertThat(sibling.exitCode()).as(sibling.getErrorOutput()).isEqualTo(0);
        } finally {
            shardOfTwo.destroy();
            shardOfTwo.waitFor();
        }
        int fetched = 0;
        for (int i = 0; i < 8; i++) {
            fetched += server.hits("/i" + i + ".jpg");
        }
        long shardRows = Files.readAllLines(out.resolve("metadata.csv")).size() - 1;
        assertThat(fetched)
                .as("the refused runs fetched nothing; the sibling only its own share")
                .isEqualTo(shardRows)
                .isBetween(1, 7);
        Process whole = holdLock(out, Shard.WHOLE);
        try {
            assertRefused(
                    l.launch("urls", list.toString(), "-o", out.toString(), "-q", "--shard", "1/2"),
                    "another trawl run (without --shard) is writing to " + out.toAbsolutePath());
            assertRefused(l.launch("urls", list.toString(), "-o", out.toString(), "-q"), "(without --shard)");
            // verify marks what it finds missing in the unsharded checkpoint: not while a run writes
            try (var files = Files.walk(out)) {
                Path img = files.filter(f -> f.toString().endsWith(".jpg"))
                        .findFirst()
                        .orElseThrow();
                Files.delete(img);
            }
            assertRefused(l.launch("verify", out.toString()), "(without --shard)");
        } finally {
            whole.destroy();
            whole.waitFor();
        }
        LaunchResult after = l.launch("urls", list.toString(), "-o", out.toString(), "-q");
        assertThat(after.exitCode()).as(after.getErrorOutput()).isEqualTo(0);
        assertThat(Files.readAllLines(out.resolve("metadata.csv"))).hasSize(9);
    }

    @Test
    void siblingShardsStartingTogetherDoNotRefuseEachOther() throws Exception {
        Path out = tmp.resolve("siblings");
        Path file = StateLayout.root(out).resolve("run.lock");
        Files.createDirectories(file.getParent());
        // a sibling shard of 2 in the middle of its own check: it holds the gate, its byte and (for a moment) the
        // bytes after it; then it lets go of all but its byte
        String script = "import fcntl,sys,time\nf=open(sys.argv[1],'a+')\n"
                + "fcntl.lockf(f,fcntl.LOCK_EX|fcntl.LOCK_NB,1,0)\nfcntl.lockf(f,fcntl.LOCK_SH|fcntl.LOCK_NB,1,2)\n"
                + "fcntl.lockf(f,fcntl.LOCK_EX|fcntl.LOCK_NB,0,3)\nprint('checking',flush=True)\ntime.sleep(1)\n"
                + "fcntl.lockf(f,fcntl.LOCK_UN,0,3)\nfcntl.lockf(f,fcntl.LOCK_UN,1,0)\nsys.stdin.read()\n";
        Process sibling = new ProcessBuilder("python3", "-c", script, file.toString())
                .redirectErrorStream(true)
                .start();
        try {
            assertThat(new java.io.BufferedReader(new java.io.InputStreamReader(sibling.getInputStream())).readLine())
                    .isEqualTo("checking");
            try (OutLock mine = OutLock.acquire(out, new Shard(0, 2))) {
                assertThat(sibling.isAlive()).isTrue();
            }
        } finally {
            sibling.destroy();
            sibling.waitFor();
        }
    }

    @Test
    void theLockOfARunIsHeldAgainstAnotherProcess() throws Exception {
        Path out = tmp.resolve("held");
        try (OutLock mine = OutLock.acquire(out, Shard.WHOLE)) {
            Path file = StateLayout.root(out).resolve("run.lock");
            // python's lockf, non-blocking, on byte 2 (a shard of 2): refused while our unsharded lock is held
            Process p = new ProcessBuilder(
                            "python3",
                            "-c",
                            "import fcntl,sys\nf=open(sys.argv[1],'a+')\n"
                                    + "try:\n fcntl.lockf(f,fcntl.LOCK_SH|fcntl.LOCK_NB,1,2); print('got')\n"
                                    + "except OSError: print('refused')\n",
                            file.toString())
                    .redirectErrorStream(true)
                    .start();
            assertThat(new String(p.getInputStream().readAllBytes()).trim()).isEqualTo("refused");
        }
    }

    @Test
    void theSameShardTwiceNamesTheFolderEvenWhenItIsRelative(QuarkusMainLauncher l) throws Exception {
        Path list = list(1);
        // a relative OUT: its store's parent's parent was null, and the message said "writing to null"
        Path rel = Path.of("").toAbsolutePath().relativize(tmp.resolve("rel"));
        try (CheckpointStore held = CheckpointStore.open(StateLayout.root(rel), false)) {
            LaunchResult r = l.launch("urls", list.toString(), "-o", rel.toString(), "-q");
            assertRefused(r, "writing to " + tmp.resolve("rel").toAbsolutePath());
        }
    }

    @Test
    void aJournalLineThatIsNotUtf8IsNamedWithTheWayOut(QuarkusMainLauncher l) throws Exception {
        Path list = list(3);
        Path out = tmp.resolve("out");
        assertThat(l.launch("urls", list.toString(), "-o", out.toString(), "-q").exitCode())
                .isEqualTo(0);
        Path journal = StateLayout.root(out).resolve(CheckpointStore.JOURNAL);
        // the run folded its journal into the snapshot: its record lines, journaled again, stand for a run's journal
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(StateLayout.root(out).resolve(CheckpointStore.CHECKPOINT))) {
            if (line.startsWith("{\"key\"")) {
                lines.add(line.endsWith(",") ? line.substring(0, line.length() - 1) : line);
            }
        }
        assertThat(lines).hasSize(3);
        // a Latin-1 editor saved a label: one byte 0xE9 in the middle of the second line
        List<byte[]> raw = new ArrayList<>();
        for (String line : lines) {
            raw.add((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String second = lines.get(1).replace("\"label\":\"", "\"label\":\"caf\u00e9");
        raw.set(1, (second + "\n").getBytes(StandardCharsets.ISO_8859_1));
        Files.write(journal, new byte[0]);
        for (byte[] b : raw) {
            Files.write(journal, b, StandardOpenOption.APPEND);
        }
        for (String cmd : List.of("urls", "status")) {
            LaunchResult r = cmd.equals("urls")
                    ? l.launch("urls", list.toString(), "-o", out.toString(), "-q")
                    : l.launch("status", out.toString());
            assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(1);
            assertThat(r.getErrorOutput())
                    .contains(journal + ":2: not UTF-8")
                    .contains("delete that line")
                    .doesNotContain("MalformedInput")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void aTornLastLineCutInsideACharacterIsSkippedNotAnError(QuarkusMainLauncher l) throws Exception {
        Path list = list(2);
        Path out = tmp.resolve("out");
        assertThat(l.launch("urls", list.toString(), "-o", out.toString(), "-q").exitCode())
                .isEqualTo(0);
        Path journal = StateLayout.root(out).resolve(CheckpointStore.JOURNAL);
        // a crash cut a record inside the two bytes of an 'é': no newline after it
        Files.write(
                journal,
                new byte[] {'{', '"', 'k', 'e', 'y', '"', ':', '"', 'c', 'a', 'f', (byte) 0xC3},
                StandardOpenOption.APPEND);
        LaunchResult r = l.launch("status", out.toString());
        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
    }

    @Test
    void tablesAreTheSameBytesWhateverOrderTheTransfersFinishedIn(QuarkusMainLauncher l) throws Exception {
        int n = 12;
        StringBuilder sb = new StringBuilder("url,label\n");
        for (int i = 0; i < n; i++) {
            byte[] img = TestImages.jpeg(9, 9 + i, 100 + i);
            // the first items are the slowest: with -j n they finish last
            server.sequence("/s" + i + ".jpg", FaultServer.delayed((n - i) * 40L, FaultServer.ok(img, "image/jpeg")));
            sb.append(server.url("/s" + i + ".jpg")).append(",l").append(i % 3).append('\n');
        }
        server.status("/gone1", 404, "no").status("/gone2", 404, "no");
        sb.append(server.url("/gone2"))
                .append(",x\n")
                .append(server.url("/gone1"))
                .append(",x\n");
        Path fwd = tmp.resolve("fwd.csv");
        Files.writeString(fwd, sb);
        Path a = tmp.resolve("a");
        assertThat(l.launch("urls", fwd.toString(), "-o", a.toString(), "-q", "-j", "16", "--retries", "0")
                        .exitCode())
                .isEqualTo(3);
        // the same list reversed, one transfer at a time: the opposite completion order
        List<String> rows = new ArrayList<>(Files.readAllLines(fwd));
        String header = rows.remove(0);
        java.util.Collections.reverse(rows);
        rows.add(0, header);
        Path rev = tmp.resolve("rev.csv");
        Files.write(rev, rows);
        Path b = tmp.resolve("b");
        assertThat(l.launch("urls", rev.toString(), "-o", b.toString(), "-q", "-j", "1", "--retries", "0")
                        .exitCode())
                .isEqualTo(3);
        assertThat(Files.readString(b.resolve("metadata.csv"))).isEqualTo(Files.readString(a.resolve("metadata.csv")));
        assertThat(Files.readString(b.resolve("failures.csv"))).isEqualTo(Files.readString(a.resolve("failures.csv")));
        List<String> meta = Files.readAllLines(a.resolve("metadata.csv"));
        List<String> paths = meta.subList(1, meta.size()).stream()
                .map(s -> s.substring(0, s.indexOf(',')))
                .toList();
        assertThat(paths).hasSize(n).isSorted();
    }
}
