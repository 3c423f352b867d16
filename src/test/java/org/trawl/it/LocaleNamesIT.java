package org.trawl.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.testing.FaultServer;
import org.trawl.testing.TestImages;

/**
 * Non-ASCII labels under LC_ALL=POSIX, the locale of many containers and cron jobs, in which the JVM has
 * no file name for "Ñandú": the packaged app as a process, since a test cannot change its own JVM's locale.
 */
class LocaleNamesIT {
    static final String LABEL = "Ñandú \uD83E\uDDA4";
    static final Map<String, String> POSIX = Map.of("LC_ALL", "POSIX", "LANG", "", "LC_CTYPE", "");
    FaultServer server;

    @TempDir
    Path tmp;

    Path list;
    byte[] bird = TestImages.jpeg(30, 20, 1), plain = TestImages.jpeg(31, 21, 2);

    @BeforeEach
    void start() throws Exception {
        server = FaultServer.start();
        server.image("/bird", bird, "image/jpeg").image("/plain", plain, "image/jpeg");
        list = tmp.resolve("list.csv");
        Files.writeString(
                list,
                "url,label,basename\n" + server.url("/bird") + "," + LABEL + ",b\n" + server.url("/plain")
                        + ",plain,p\n",
                StandardCharsets.UTF_8);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    record Run(int code, String output) {}

    static Run run(List<String> cmd, Path log) throws Exception {
        return run(cmd, log, POSIX);
    }

    static Run run(List<String> cmd, Path log, Map<String, String> locale) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("LC_") || k.equals("LANG") || k.startsWith("TRAWL_"));
        pb.environment().putAll(locale);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished in time").isTrue();
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    static String launcher() {
        return System.getProperty("trawl.launcher", "target/quarkus-app/quarkus-run.jar");
    }

    static List<String> trawl(String... args) {
        List<String> cmd = new ArrayList<>();
        if (launcher().endsWith(".jar")) {
            cmd.addAll(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar"));
        }
        cmd.add(Path.of(launcher()).toAbsolutePath().toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    @Test
    void underPosixAnUnencodableLabelFailsThatItemOnly() throws Exception {
        Path out = tmp.resolve("out");
        List<String> cmd = trawl("urls", list.toString(), "-o", out.toString());

        Run r = run(cmd, tmp.resolve("log.txt"));

        assertThat(Files.readAllBytes(out.resolve("plain/p.jpg")))
                .as(r.output())
                .isEqualTo(plain);
        if (Files.exists(out.resolve(LABEL + "/b.jpg"))) {
            // the native executable: its file-name encoding is the UTF-8 it was built under (native/build.sh)
            assertThat(r.code()).as(r.output()).isZero();
            assertThat(Files.readAllBytes(out.resolve(LABEL + "/b.jpg"))).isEqualTo(bird);
            return;
        }
        // java -jar: the JVM took ASCII file names from the locale; only the item it cannot name fails
        assertThat(r.code()).as(r.output()).isEqualTo(3);
        List<String> failures = Files.readAllLines(out.resolve("failures.csv"), StandardCharsets.UTF_8);
        assertThat(failures).hasSize(2);
        assertThat(failures.get(1))
                .startsWith(server.url("/bird") + "," + LABEL + "/b,")
                .contains("cannot be a file name in this locale's encoding")
                .contains("LC_ALL=C.UTF-8");
        assertThat(Files.readAllLines(out.resolve("metadata.csv"), StandardCharsets.UTF_8))
                .hasSize(2);
        assertThat(r.output()).doesNotContain("internal error").doesNotContain("Exception");
        assertThat(server.hits("/bird"))
                .as("no request for an item that has no file name")
                .isZero();
    }

    @Test
    void theLauncherScriptWritesUtf8NamesWhateverTheLocale() throws Exception {
        if (!launcher().endsWith(".jar")) {
            return; // the script runs the jar; the native executable needs none
        }
        Path out = tmp.resolve("out");
        Run r = run(
                List.of(
                        "sh",
                        Path.of("packaging/bin/trawl").toAbsolutePath().toString(),
                        "urls",
                        list.toString(),
                        "-o",
                        out.toString()),
                tmp.resolve("log.txt"));

        assertThat(r.code()).as(r.output()).isZero();
        assertThat(Files.readAllBytes(out.resolve(LABEL + "/b.jpg"))).isEqualTo(bird);
        assertThat(Files.readAllBytes(out.resolve("plain/p.jpg"))).isEqualTo(plain);
        assertThat(Files.readString(out.resolve("metadata.csv"), StandardCharsets.UTF_8))
                .contains(LABEL + "/b.jpg,");
    }

    @Test
    void aDatasetMadeUnderUtf8IsExportedAndVerifiedUnderPosix() throws Exception {
        Path out = tmp.resolve("out");
        Run made = run(
                trawl("urls", list.toString(), "-o", out.toString()),
                tmp.resolve("made.txt"),
                Map.of("LC_ALL", "C.UTF-8"));
        assertThat(made.code()).as(made.output()).isZero();

        Run again =
                run(trawl("urls", list.toString(), "-o", out.toString(), "--export", "coco"), tmp.resolve("again.txt"));

        assertThat(again.output()).doesNotContain("internal error");
        assertThat(again.code()).as(again.output()).isZero();
        assertThat(Files.readAllBytes(out.resolve(LABEL + "/b.jpg"))).isEqualTo(bird);
        assertThat(Files.readAllLines(out.resolve("metadata.csv"), StandardCharsets.UTF_8))
                .hasSize(3);
        String coco = Files.readString(out.resolve("coco/all.json"), StandardCharsets.UTF_8);
        assertThat(coco).contains("plain/p.jpg");
        // the name as JSON holds it: the emoji may be written as an escaped surrogate pair (the native executable does)
        boolean exported = coco.contains(LABEL) || coco.contains("\u00d1and\u00fa \\uD83E\\uDDA4");
        if (!exported) { // java -jar under POSIX: the JVM cannot open that file, and says so
            assertThat(again.output())
                    .contains("1 item(s) left out of the exports")
                    .contains("LC_ALL=C.UTF-8");
        }

        Run verify = run(trawl("verify", out.toString()), tmp.resolve("verify.txt"));
        assertThat(verify.output()).doesNotContain("internal error").contains("0 missing or corrupt");
        if (verify.output().contains("not checked")) {
            assertThat(verify.code()).as(verify.output()).isEqualTo(3);
            assertThat(verify.output()).contains("1 files verified").contains("1 files not checked");
        } else {
            assertThat(verify.code()).as(verify.output()).isZero();
        }
        assertThat(Files.readAllLines(out.resolve("metadata.csv"), StandardCharsets.UTF_8))
                .as("nothing marked failed")
                .hasSize(3);
    }
}
