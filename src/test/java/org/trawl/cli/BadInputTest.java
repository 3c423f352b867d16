package org.trawl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad flags and bad list files: exit 2, one clear line naming the problem, never a stack trace. */
@QuarkusMainTest
class BadInputTest {
    @TempDir
    Path tmp;

    /** What the user sees on stderr. */
    String errorOutput(LaunchResult r) {
        return r.getErrorOutput();
    }

    void assertUsageError(LaunchResult r, String expected) {
        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(2);
        String err = errorOutput(r);
        assertThat(err).contains(expected).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(err.lines().filter(l -> l.startsWith("trawl:")).count())
                .as(err)
                .isEqualTo(1);
    }

    Path file(String name, String content) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Test
    void unknownOptionSuggestsHelp(QuarkusMainLauncher l) throws Exception {
        LaunchResult r =
                l.launch("urls", file("a.txt", "http://127.0.0.1:9/x\n").toString(), "--jbos", "3");
        assertUsageError(r, "Unknown options: '--jbos'");
        assertThat(r.getErrorOutput()).contains("try 'trawl urls --help'");
    }

    @Test
    void unknownSubcommand(QuarkusMainLauncher l) {
        assertUsageError(l.launch("url", "x"), "Unmatched argument");
    }

    @Test
    void badNumbersAndDurations(QuarkusMainLauncher l) throws Exception {
        String list = file("a.txt", "http://127.0.0.1:9/x\n").toString();
        assertUsageError(l.launch("urls", list, "-j", "0"), "--jobs must be between 1 and 4096");
        assertUsageError(l.launch("urls", list, "-j", "many"), "'many' is not an int");
        assertUsageError(l.launch("urls", list, "--timeout", "soon"), "'soon' is not a duration");
        assertUsageError(l.launch("urls", list, "--split", "train=abc"), "--split weight for 'train' is not a number");
        assertUsageError(l.launch("urls", list, "--split", "train=0.8,train=0.2"), "names 'train' twice");
        assertUsageError(l.launch("urls", list, "--shard", "2/2"), "--shard must be I/N");
        assertUsageError(l.launch("urls", list, "--group-by", "site"), "--group-by needs --split");
        assertUsageError(l.launch("urls", list, "--overwrite", "--retry-failed"), "cannot be used together");
    }

    @Test
    void missingListFile(QuarkusMainLauncher l) {
        assertUsageError(l.launch("urls", tmp.resolve("nope.csv").toString()), "no such file");
    }

    @Test
    void badListContentsNameTheLine(QuarkusMainLauncher l) throws Exception {
        Path out = tmp.resolve("out");
        assertUsageError(
                l.launch(
                        "urls",
                        file("b.txt", "http://127.0.0.1:9/a.jpg\nftp://host/x.jpg\n")
                                .toString(),
                        "-o",
                        out.toString()),
                "b.txt:2: not an http(s) URL: 'ftp://host/x.jpg'");
        assertUsageError(
                l.launch(
                        "urls",
                        file("c.csv", "link,label\nhttp://127.0.0.1:9/a,x\n").toString()),
                "no 'url' column (columns: link, label); choose one with --url-col");
        assertUsageError(
                l.launch(
                        "urls",
                        file("d.jsonl", "{\"url\":\"http://127.0.0.1:9/a\"}\n{oops\n")
                                .toString()),
                "d.jsonl:2: not valid JSON");
        assertUsageError(
                l.launch(
                        "urls",
                        file("e.csv", "url,label\nhttp://127.0.0.1:9/a,x,extra\n")
                                .toString()),
                "e.csv:2: 3 fields where the header has 2");
        assertUsageError(
                l.launch("urls", file("f.json", "{\"url\": 1}").toString()), "expected a JSON array of objects");
        assertUsageError(
                l.launch(
                        "urls",
                        file("g.csv", "url,label\n\"http://127.0.0.1:9/a,x\n").toString()),
                "unterminated quoted field");
        assertThat(Files.exists(out.resolve("metadata.csv"))).as("nothing ran").isFalse();
    }

    @Test
    void statusOfAFolderWithoutCheckpoint(QuarkusMainLauncher l) {
        assertUsageError(l.launch("status", tmp.toString()), "has no trawl checkpoint");
        assertUsageError(l.launch("verify", tmp.resolve("nope").toString()), "is not a folder");
    }

    @Test
    void helpAndVersion(QuarkusMainLauncher l) {
        LaunchResult help = l.launch("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.getOutput())
                .contains("urls")
                .contains("status")
                .contains("verify")
                .contains("demo")
                .contains("Exit codes");
        LaunchResult v = l.launch("--version");
        assertThat(v.exitCode()).isZero();
        assertThat(v.getOutput()).startsWith("trawl 0.");
        // the JVM hashes with the JDK (HotSpot uses the SHA instructions); the native executable with the
        // system's libcrypto where there is one (its other tests check every digest it records)
        boolean nativeExecutable = System.getProperty("trawl.launcher", "").endsWith("-runner");
        boolean libcrypto =
                java.nio.file.Files.exists(java.nio.file.Path.of("/usr/lib/x86_64-linux-gnu/libcrypto.so.3"));
        assertThat(v.getOutput()).contains(nativeExecutable && libcrypto ? "SHA-256: libcrypto.so.3" : "SHA-256: JDK");
        for (String cmd : new String[] {"urls", "status", "verify", "demo"}) {
            LaunchResult h = l.launch(cmd, "--help");
            assertThat(h.exitCode()).as(cmd).isZero();
            assertThat(h.getOutput()).as(cmd).contains("Usage: trawl " + cmd);
        }
    }
}
