package org.trawl.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A heap that runs out is a fatal error (exit 1) with one line saying how to give trawl more, not exit 3
 * ("some items failed, re-run"), which a re-run would meet again. Runs the packaged app as users do: the
 * JVM launcher script with TRAWL_JAVA_OPTS, or the native executable with -Xmx as its first argument.
 */
class OutOfMemoryIT {
    @TempDir
    Path tmp;

    /**
     * A .json list whose one object holds a 30 MB nested array (about 300 MB once parsed): a nested value is
     * kept as compact JSON for metadata.csv, parsed whole, so it takes the 64 MB heap on the main thread.
     */
    Path hugeJsonList() throws Exception {
        Path list = tmp.resolve("huge.json");
        try (BufferedWriter w = Files.newBufferedWriter(list, StandardCharsets.UTF_8)) {
            w.write("[{\"url\":\"http://127.0.0.1:9/a.jpg\",\"tags\":[\"t\"");
            for (int i = 0; i < 5_000_000; i++) {
                w.write(",\"tag\"");
            }
            w.write("]}]\n");
        }
        return list;
    }

    @Test
    void aFullHeapExitsOneNamingTheSetting() throws Exception {
        Path list = hugeJsonList();
        String launcher = System.getProperty("trawl.launcher", "target/quarkus-app/quarkus-run.jar");
        boolean jvm = launcher.endsWith(".jar");
        List<String> cmd = new ArrayList<>();
        cmd.add(jvm ? Path.of("packaging/bin/trawl").toAbsolutePath().toString() : Path.of(launcher).toAbsolutePath().toString());
        if (!jvm) {
            cmd.add("-Xmx64m");
        }
        cmd.addAll(List.of("urls", list.toString(), "-o", tmp.resolve("out").toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(tmp.resolve("out.log").toFile())
                .redirectError(tmp.resolve("err.log").toFile());
        pb.environment().put("TRAWL_JAVA_OPTS", "-Xmx64m");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();

        String err = Files.readString(tmp.resolve("err.log"));
        assertThat(p.exitValue()).as(err).isEqualTo(1);
        assertThat(err).contains("trawl: out of memory", jvm ? "TRAWL_JAVA_OPTS=-Xmx" : "-Xmx")
                .doesNotContain("\tat ");
    }
}
