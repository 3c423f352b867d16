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
     * A list whose one line is 64 MB, read with --max-line-bytes raised to 1G: the line is read whole, as the
     * user allowed, into a heap of 64 MB.
     */
    Path hugeLine() throws Exception {
        Path list = tmp.resolve("huge.txt");
        try (BufferedWriter w = Files.newBufferedWriter(list, StandardCharsets.UTF_8)) {
            w.write("http://127.0.0.1:9/a.jpg?");
            char[] block = new char[1 << 16];
            java.util.Arrays.fill(block, 'x');
            for (int i = 0; i < 1024; i++) {
                w.write(block);
            }
            w.write("\n");
        }
        return list;
    }

    @Test
    void aFullHeapExitsOneNamingTheSetting() throws Exception {
        Path list = hugeLine();
        String launcher = System.getProperty("trawl.launcher", "target/quarkus-app/quarkus-run.jar");
        boolean jvm = launcher.endsWith(".jar");
        List<String> cmd = new ArrayList<>();
        cmd.add(
                jvm
                        ? Path.of("packaging/bin/trawl").toAbsolutePath().toString()
                        : Path.of(launcher).toAbsolutePath().toString());
        if (!jvm) {
            cmd.add("-Xmx64m");
        }
        cmd.addAll(List.of("urls", list.toString(), "-o", tmp.resolve("out").toString(), "--max-line-bytes", "1G"));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectOutput(tmp.resolve("out.log").toFile())
                .redirectError(tmp.resolve("err.log").toFile());
        pb.environment().put("TRAWL_JAVA_OPTS", "-Xmx64m");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();

        String err = Files.readString(tmp.resolve("err.log"));
        assertThat(p.exitValue()).as(err).isEqualTo(1);
        assertThat(err)
                .contains("trawl: out of memory", jvm ? "TRAWL_JAVA_OPTS=-Xmx" : "-Xmx")
                .doesNotContain("\tat ");
    }
}
