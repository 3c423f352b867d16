package org.trawl.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.card.Table;

/**
 * What a user of the packaged app sees of the dataset's own files: {@code trawl demo} leaves the card, the
 * citation, the attribution table and the report beside the images; {@code trawl report OUT} on a finished
 * folder rewrites report.html and nothing else; a folder trawl did not write is one line and exit 2.
 * {@link DatasetFilesIT} runs the same against the jar and the native executable.
 */
@QuarkusMainTest
class DatasetFilesTest {
    @TempDir
    Path tmp;

    /** What the user reads on stderr ({@link DatasetFilesIT} drops the artifact's start/stop log lines). */
    String errorOutput(LaunchResult r) {
        return r.getErrorOutput();
    }

    @Test
    void theDemoWritesTheCardTheCitationTheAttributionAndTheReport(QuarkusMainLauncher launcher) throws Exception {
        Path out = tmp.resolve("demo-set");

        LaunchResult r = launcher.launch("demo", "-o", out.toString());

        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        Map<String, Long> perLabel = new TreeMap<>();
        long rows = Table.forEach(out.resolve("metadata.csv"), row -> perLabel.merge(row.get("label"), 1L, Long::sum));
        assertThat(rows).isEqualTo(24);

        String card = Files.readString(out.resolve("README.md"), StandardCharsets.UTF_8);
        assertThat(card).startsWith("---\n").contains("\nlicense:\n- cc0-1.0\n").contains("pretty_name: \"demo-set\"");
        perLabel.forEach((label, n) -> assertThat(card).contains(label));
        assertThat(card).contains("configs:").contains("split: train").contains("split: test");

        String cff = Files.readString(out.resolve("CITATION.cff"), StandardCharsets.UTF_8);
        assertThat(cff)
                .contains("cff-version: 1.2.0")
                .contains("type: dataset")
                .contains("title: \"demo-set\"")
                .contains("abstract: \"24 images in " + perLabel.size() + " labels");

        // one licence (CC0: no line per file needed), all 24 files, their rights holder
        List<String> attribution = Files.readAllLines(out.resolve("ATTRIBUTION.csv"), StandardCharsets.UTF_8);
        assertThat(attribution.get(0)).isEqualTo("license,files,path,rights_holder,url");
        assertThat(attribution).containsExactly("license,files,path,rights_holder,url", "CC0-1.0,24,,trawl authors,");

        String html = Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8);
        ReportCommandTest.assertSameNumbers(out, html);
        assertThat(html).contains("data-filtered=\"0\"").doesNotContain("<script src=", "<link ");
    }

    @Test
    void reportOnAFinishedFolderRewritesTheReportAndNothingElse(QuarkusMainLauncher launcher) throws Exception {
        Path out = tmp.resolve("done");
        assertThat(launcher.launch("demo", "-o", out.toString()).exitCode()).isZero();
        Files.delete(out.resolve("report.html"));
        String card = Files.readString(out.resolve("README.md"), StandardCharsets.UTF_8);
        byte[] metadata = Files.readAllBytes(out.resolve("metadata.csv"));
        // a failure and a filtered item written as a run would: the page counts what the tables say
        Files.writeString(
                out.resolve("failures.csv"),
                "url,path,reason,attempts\nhttp://127.0.0.1:9/x.jpg,train/a/x.jpg,http 404,1\n",
                StandardCharsets.UTF_8);
        Files.writeString(
                out.resolve("filtered.csv"),
                "url,label,reason,value\nhttp://127.0.0.1:9/y.jpg,a,license,CC-BY-NC-4.0\n"
                        + "http://127.0.0.1:9/z.ogg,a,media_type,Sound\nhttp://127.0.0.1:9/w.jpg,b,license,CC-BY-ND\n",
                StandardCharsets.UTF_8);

        LaunchResult r = launcher.launch("report", out.toString());

        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        assertThat(r.getOutput()).contains("report: " + out.resolve("report.html"));
        String html = Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8);
        ReportCommandTest.assertSameNumbers(out, html);
        assertThat(html)
                .contains("data-failures=\"1\"")
                .contains("data-filtered=\"3\"")
                .contains("<tr data-name=\"license\" data-count=\"2\">")
                .contains("<tr data-name=\"media_type\" data-count=\"1\">")
                .contains("<td>CC-BY-NC-4.0</td>");
        assertThat(Files.readString(out.resolve("README.md"), StandardCharsets.UTF_8))
                .isEqualTo(card);
        assertThat(Files.readAllBytes(out.resolve("metadata.csv"))).isEqualTo(metadata);
    }

    @Test
    void aFolderTrawlDidNotWriteIsOneLineAndExitTwo(QuarkusMainLauncher launcher) throws Exception {
        Path notOurs = tmp.resolve("photos");
        Files.createDirectories(notOurs);
        Files.writeString(notOurs.resolve("a.jpg"), "not a dataset");
        for (Path p : List.of(notOurs, tmp.resolve("missing"), notOurs.resolve("a.jpg"))) {
            LaunchResult r = launcher.launch("report", p.toString());
            assertThat(r.exitCode()).as(p.toString()).isEqualTo(2);
            assertThat(errorOutput(r).strip())
                    .startsWith("trawl: ")
                    .contains("no metadata.csv: not a dataset trawl wrote")
                    .doesNotContain("\n")
                    .doesNotContain("Exception");
            assertThat(Files.exists(p.resolve("report.html"))).as(p.toString()).isFalse();
        }
    }
}
