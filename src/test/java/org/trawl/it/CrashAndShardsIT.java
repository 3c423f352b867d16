package org.trawl.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.internal.Json;
import org.trawl.testing.FaultServer;
import org.trawl.testing.TestImages;

/**
 * Runs the packaged application as real processes (what a user runs): kill -9 in the middle of a
 * download, then resume; and N concurrent shards writing into one folder.
 */
class CrashAndShardsIT {
    static final int ITEMS = 240;
    FaultServer server;
    Map<String, byte[]> bodies = new HashMap<>();

    @TempDir
    Path tmp;

    Path list;

    @BeforeEach
    void start() throws IOException {
        server = FaultServer.start();
        serve();
    }

    /** (Re)registers the routes; after server.reset() this gives fresh hit counters on the same port. */
    void serve() throws IOException {
        StringBuilder sb = new StringBuilder("url,label\n");
        for (int i = 0; i < ITEMS; i++) {
            byte[] img = TestImages.jpeg(24 + i % 7, 24, i);
            String path = "/img/" + i + ".jpg";
            bodies.put(path, img);
            // slow answers so the kill lands mid-run
            server.sequence(path, FaultServer.delayed(25, FaultServer.ok(img, "image/jpeg")));
            sb.append(server.url(path)).append(",class").append(i % 5).append('\n');
        }
        list = tmp.resolve("list.csv");
        Files.writeString(list, sb.toString());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static Process start(Path log, String... args) throws IOException {
        String launcher = System.getProperty("trawl.launcher", "target/quarkus-app/quarkus-run.jar");
        List<String> cmd = new ArrayList<>();
        if (launcher.endsWith(".jar")) {
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-jar");
        }
        cmd.add(Path.of(launcher).toAbsolutePath().toString());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    static int run(Path log, String... args) throws Exception {
        Process p = start(log, args);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished in time").isTrue();
        return p.exitValue();
    }

    /** What describes the run rather than the data (the commands, the folder's name): not compared. */
    static final java.util.Set<String> RUN_DOCS = java.util.Set.of("README.md", "CITATION.cff");

    /** Every image under out, by relative path, with its bytes. */
    static Map<String, byte[]> images(Path out) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(out)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String rel = out.relativize(p).toString();
                if (!rel.startsWith(".trawl") && !rel.endsWith(".csv") && !RUN_DOCS.contains(rel)) {
                    m.put(rel, Files.readAllBytes(p));
                }
            }
        }
        return m;
    }

    static List<String> journalDoneUrls(Path out) throws IOException {
        List<String> urls = new ArrayList<>();
        Path j = out.resolve(".trawl/journal.jsonl");
        Path c = out.resolve(".trawl/checkpoint.json");
        if (Files.exists(j)) {
            for (String line : Files.readAllLines(j, StandardCharsets.UTF_8)) {
                try {
                    var n = Json.MAPPER.readTree(line);
                    if ("done".equals(n.path("status").asText())) {
                        urls.add(n.get("url").asText());
                    }
                } catch (IOException torn) {
                    // a line torn by the kill is, correctly, not a finished item
                }
            }
        }
        if (Files.exists(c)) {
            for (var n : Json.MAPPER.readTree(c.toFile()).path("items")) {
                if ("done".equals(n.path("status").asText())) {
                    urls.add(n.get("url").asText());
                }
            }
        }
        return urls;
    }

    @Test
    void killNineThenResumeGivesTheSameDatasetWithoutRefetching() throws Exception {
        Path reference = tmp.resolve("reference");
        assertThat(run(tmp.resolve("ref.log"), "urls", list.toString(), "-o", reference.toString(), "-j", "4", "-q"))
                .isZero();
        Map<String, byte[]> expected = images(reference);
        assertThat(expected).hasSize(ITEMS);
        server.reset();
        serve(); // fresh hit counters, same bodies

        Path out = tmp.resolve("out");
        Process p = start(tmp.resolve("crash.log"), "urls", list.toString(), "-o", out.toString(), "-j", "4", "-q");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (journalDoneUrls(out).size() < ITEMS / 4 && System.nanoTime() < deadline && p.isAlive()) {
            Thread.sleep(20);
        }
        assertThat(p.isAlive()).as("still running when killed").isTrue();
        p.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
        p.waitFor(10, TimeUnit.SECONDS);
        List<String> doneBeforeKill = journalDoneUrls(out);
        assertThat(doneBeforeKill.size()).isBetween(ITEMS / 4, ITEMS - 1);

        // whatever sits at a final path after the kill is a whole, correct image
        for (Map.Entry<String, byte[]> e : images(out).entrySet()) {
            if (!e.getKey().endsWith(".part")) {
                assertThat(e.getValue()).as(e.getKey()).isEqualTo(expected.get(e.getKey()));
            }
        }

        assertThat(run(tmp.resolve("resume.log"), "urls", list.toString(), "-o", out.toString(), "-j", "4", "-q"))
                .isZero();

        Map<String, byte[]> actual = images(out);
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        actual.forEach((k, v) -> assertThat(v).as(k).isEqualTo(expected.get(k)));
        for (String url : doneBeforeKill) {
            String path = url.substring(url.indexOf("/img/"));
            assertThat(server.hits(path))
                    .as("finished before the kill, not fetched again: " + path)
                    .isEqualTo(1);
        }
        assertThat(Files.readAllLines(out.resolve("metadata.csv"))).hasSize(ITEMS + 1);
    }

    @Test
    void concurrentShardsBuildTheSameDatasetAsOneProcess() throws Exception {
        Path single = tmp.resolve("single");
        assertThat(run(
                        tmp.resolve("single.log"),
                        "urls",
                        list.toString(),
                        "-o",
                        single.toString(),
                        "-q",
                        "--split",
                        "train=0.8,test=0.2",
                        "--seed",
                        "3"))
                .isZero();

        Path sharded = tmp.resolve("sharded");
        int n = 3;
        List<Process> procs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            procs.add(start(
                    tmp.resolve("shard" + i + ".log"),
                    "urls",
                    list.toString(),
                    "-o",
                    sharded.toString(),
                    "-q",
                    "--split",
                    "train=0.8,test=0.2",
                    "--seed",
                    "3",
                    "--shard",
                    i + "/" + n));
        }
        for (Process p : procs) {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        }

        Map<String, byte[]> a = images(single), b = images(sharded);
        assertThat(b.keySet()).isEqualTo(a.keySet());
        b.forEach((k, v) -> assertThat(v).as(k).isEqualTo(a.get(k)));
        assertThat(sortedRows(sharded)).isEqualTo(sortedRows(single));
        for (int i = 0; i < ITEMS; i++) {
            assertThat(server.hits("/img/" + i + ".jpg"))
                    .as("no two shards fetched one item")
                    .isEqualTo(2);
        }
    }

    /** The binary a cluster recipe runs: the native executable, or the JVM launcher script. */
    static String binary() {
        String launcher = System.getProperty("trawl.launcher", "target/quarkus-app/quarkus-run.jar");
        return launcher.endsWith(".jar")
                ? Path.of("packaging/bin/trawl").toAbsolutePath().toString()
                : Path.of(launcher).toAbsolutePath().toString();
    }

    @Test
    void clusterRecipesShardFromTheSchedulersEnvironment() throws Exception {
        Path single = tmp.resolve("single");
        assertThat(run(tmp.resolve("single.log"), "urls", list.toString(), "-o", single.toString(), "-q"))
                .isZero();

        // the Slurm job-array script, as three array tasks (ids 4..6, as with --array=4-6)
        Path slurmOut = tmp.resolve("slurm");
        List<Process> tasks = new ArrayList<>();
        for (int id = 4; id <= 6; id++) {
            ProcessBuilder pb = new ProcessBuilder(
                            "bash",
                            Path.of("packaging/slurm/trawl-array.sbatch")
                                    .toAbsolutePath()
                                    .toString(),
                            "urls",
                            list.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("slurm" + id + ".log").toFile());
            pb.environment()
                    .putAll(Map.of(
                            "SLURM_ARRAY_TASK_ID",
                            "" + id,
                            "SLURM_ARRAY_TASK_MIN",
                            "4",
                            "SLURM_ARRAY_TASK_COUNT",
                            "3",
                            "TRAWL_OUT",
                            slurmOut.toString(),
                            "TRAWL_BIN",
                            binary()));
            tasks.add(pb.start());
        }
        // the Kubernetes Indexed Job: the manifest's own args and shard count, one process per index
        String job = Files.readString(Path.of("packaging/k8s/trawl-indexed-job.yaml"));
        int completions = Integer.parseInt(job.replaceAll("(?s).*\\n  completions: (\\d+).*", "$1"));
        assertThat(job).contains("value: \"" + completions + "\"          # = completions");
        List<String> args = new ArrayList<>();
        for (var n : Json.MAPPER.readTree(job.replaceAll("(?s).*\\n\\s+args: (\\[[^\\n]*\\]).*", "$1"))) {
            args.add(n.asText()
                    .replace("/data/lists/images.csv", list.toString())
                    .replace("/data/dataset", tmp.resolve("k8s").toString()));
        }
        List<Process> pods = new ArrayList<>();
        for (int index = 0; index < completions; index++) {
            List<String> cmd = new ArrayList<>(List.of(binary()));
            cmd.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("pod" + index + ".log").toFile());
            pb.environment().putAll(Map.of("JOB_COMPLETION_INDEX", "" + index, "TRAWL_SHARD_COUNT", "" + completions));
            pods.add(pb.start());
            if (pods.size() == 3) { // a small node: three pods at a time
                for (Process p : pods) {
                    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
                    assertThat(p.exitValue()).isZero();
                }
                pods.clear();
            }
        }
        for (Process p : concat(tasks, pods)) {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        }
        Map<String, byte[]> a = images(single);
        for (Path out : List.of(slurmOut, tmp.resolve("k8s"))) {
            Map<String, byte[]> b = images(out);
            assertThat(b.keySet()).as(out.toString()).isEqualTo(a.keySet());
            assertThat(sortedRows(out)).isEqualTo(sortedRows(single));
        }
        assertThat(slurmOut.resolve(".trawl/shards/2-of-3")).isDirectory();
        assertThat(tmp.resolve("k8s/.trawl/shards/" + (completions - 1) + "-of-" + completions))
                .isDirectory();
    }

    static List<Process> concat(List<Process> a, List<Process> b) {
        List<Process> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    static List<String> sortedRows(Path out) throws IOException {
        return Files.readAllLines(out.resolve("metadata.csv")).stream().sorted().toList();
    }
}
