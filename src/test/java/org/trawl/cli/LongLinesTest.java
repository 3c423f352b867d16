package org.trawl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.testing.Archives;

/** An input line (list line, archive row, JSON string) over --max-line-bytes: file:line, exit 2, one line. */
@QuarkusMainTest
class LongLinesTest {
    static final String URL = "http://127.0.0.1:9/a.jpg";

    @TempDir
    Path tmp;

    Path file(String name, String content) throws Exception {
        return Files.writeString(tmp.resolve(name), content);
    }

    static void assertUsageError(LaunchResult r, String expected) {
        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(2);
        String err = r.getErrorOutput();
        assertThat(err).contains(expected).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(err.lines().filter(l -> l.startsWith("trawl:")).count())
                .as(err)
                .isEqualTo(1);
    }

    @Test
    void aListLineOverTheLimitNamesItsLine(QuarkusMainLauncher l) throws Exception {
        String mib2 = "x".repeat(2 << 20);
        String out = tmp.resolve("out").toString();
        assertUsageError(
                l.launch(
                        "urls",
                        file("a.txt", URL + "\n" + URL + "?" + mib2 + "\n" + URL + "\n")
                                .toString(),
                        "-o",
                        out),
                "a.txt:2: line over 1048576 bytes (--max-line-bytes)");
        assertUsageError(
                l.launch(
                        "urls",
                        file("b.jsonl", "{\"url\":\"" + URL + "\"}\n{\"url\":\"" + URL + "\",\"x\":\"" + mib2 + "\"}\n")
                                .toString(),
                        "-o",
                        out),
                "b.jsonl:2: line over 1048576 bytes");
        String csv = "url,note\n" + URL + ",ok\n" + URL + "," + "y".repeat(5000) + "\n";
        assertUsageError(
                l.launch("urls", file("c.csv", csv).toString(), "-o", out, "--max-line-bytes", "4K"),
                "c.csv:3: line over 4096 bytes (--max-line-bytes)");
        assertUsageError(
                l.launch(
                        "urls",
                        file(
                                        "d.json",
                                        "[{\"url\":\"" + URL + "\"},\n{\"url\":\"" + URL + "\",\"x\":\""
                                                + "z".repeat(5000) + "\"}]")
                                .toString(),
                        "-o",
                        out,
                        "--max-line-bytes",
                        "4K"),
                "d.json:2: string over 4096 characters (--max-line-bytes)");
        assertUsageError(
                l.launch(
                        "urls",
                        file(
                                        "g.json",
                                        "[{\"url\":\"" + URL + "\"},\n{\"url\":\"" + URL + "\",\"x\":["
                                                + "\"z\",".repeat(5000) + "\"z\"]}]")
                                .toString(),
                        "-o",
                        out,
                        "--max-line-bytes",
                        "4K"),
                "g.json:2: object over");
        assertUsageError(
                l.launch(
                        "urls",
                        file("h.json", "[{\"url\":\"" + URL + "\"" + ",\"k\":1".repeat(5000) + "}]")
                                .toString(),
                        "-o",
                        out,
                        "--max-line-bytes",
                        "4K"),
                "h.json:1: object over 4096 characters (--max-line-bytes)");
        String lines = "url,note\n" + URL + ",\"" + "short line\n".repeat(1000) + "\"\n";
        assertUsageError(
                l.launch("urls", file("f.csv", lines).toString(), "-o", out, "--max-line-bytes", "4K"),
                "f.csv:2: record over 4096 characters (--max-line-bytes)");
        assertUsageError(
                l.launch("urls", file("e.csv", csv).toString(), "-o", out, "--max-line-bytes", "much"),
                "--max-line-bytes: 'much' is not a size");
        assertThat(tmp.resolve("out/metadata.csv")).doesNotExist();
    }

    @Test
    void aLargerLimitLetsTheSameLinesThrough(QuarkusMainLauncher l) throws Exception {
        String csv = "url,note\n" + URL + ",ok\n" + URL + "?2," + "y".repeat(5000) + "\n";
        LaunchResult r = l.launch(
                "urls",
                file("c.csv", csv).toString(),
                "-o",
                tmp.resolve("out").toString(),
                "--max-line-bytes",
                "8K",
                "--dry-run");
        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        assertThat(l.launch("urls", "--help").getOutput()).contains("--max-line-bytes", "default: 1M");
    }

    @Test
    void anArchiveRowOverTheLimitNamesItsFileAndLine(QuarkusMainLauncher l) throws Exception {
        List<Archives.Occ> occ = List.of(
                new Archives.Occ("1", "A", "a", "CC0_1_0"), new Archives.Occ("2", "B", "b".repeat(2 << 20), "CC0_1_0"));
        List<Archives.Media> media = List.of(
                new Archives.Media("1", "StillImage", URL, "", "", ""),
                new Archives.Media("2", "StillImage", URL + "?2", "", "", ""));
        Path zip = Archives.zip(tmp.resolve("p.zip"), Archives.gbif(occ, media));

        LaunchResult r = l.launch(
                "gbif",
                "dwca",
                zip.toString(),
                "--label",
                "speciesKey",
                "-o",
                tmp.resolve("out").toString());

        assertUsageError(r, "occurrence.txt:3: row over 1048576 bytes (--max-line-bytes)");
        assertThat(l.launch("gbif", "dwca", "--help").getOutput()).contains("--max-line-bytes");
    }
}
