package org.trawl.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.card.Table;
import org.trawl.testing.FaultServer;
import org.trawl.testing.TestImages;

/** `trawl report OUT`, `--report` and `trawl demo`: report.html says what metadata.csv says, in a real browser too. */
@QuarkusMainTest
class ReportCommandTest {
    static final Pattern BAR = Pattern.compile("<g class=\"bar\" data-name=\"([^\"]*)\" data-count=\"(\\d+)\"");

    FaultServer server;

    @TempDir
    Path tmp;

    @BeforeEach
    void start() {
        server = FaultServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void reportOnADownloadShowsTheTablesNumbersAndBoxesInLabelColours(QuarkusMainLauncher launcher) throws Exception {
        StringBuilder list = new StringBuilder("url,label,license\n");
        for (int i = 0; i < 9; i++) {
            server.image("/i" + i + ".jpg", TestImages.jpeg(200 + 10 * i, 100 + i, i), "image/jpeg");
            list.append(server.url("/i" + i + ".jpg"))
                    .append(',')
                    .append(i < 5 ? "cod" : "eel&co")
                    .append(",CC-BY-4.0\n");
        }
        server.status("/gone.jpg", 404, "no");
        list.append(server.url("/gone.jpg")).append(",cod,CC-BY-4.0\n");
        Path l = tmp.resolve("l.csv");
        Files.writeString(l, list);
        Path out = tmp.resolve("out");

        LaunchResult r = launcher.launch("urls", l.toString(), "-o", out.toString(), "--report", "--retries", "0");
        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(3);
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).doesNotContain("eel&co").contains("eel&amp;co");
        assertThat(html).doesNotContain("http://", "https://").as("nothing fetched at view time");
        assertSameNumbers(out, html);
        assertThat(html).contains("id=\"failures\"").containsPattern("data-name=\"http [^\"]*\" data-count=\"1\"");
        assertThat(count(html, "src=\"data:image/jpeg;base64,")).isEqualTo(8); // 4 per label

        // boxes from boxes.csv, drawn over their image in their label's colour
        String path = Files.readAllLines(out.resolve("metadata.csv")).get(1).split(",")[0];
        Files.writeString(
                out.resolve("boxes.csv"),
                "path,subset,label,x,y,width,height,image_width,image_height,source,source_id,box_id\n" + path
                        + ",,cod,10,20,30,40,200,100,urls,1,b1\n");
        LaunchResult again = launcher.launch("report", out.toString());
        assertThat(again.exitCode()).as(again.getErrorOutput()).isZero();
        String boxed = Files.readString(out.resolve("report.html"));
        assertThat(boxed)
                .contains("<rect class=\"box\" x=\"10\" y=\"20\" width=\"30\" height=\"40\" stroke=\""
                        + ReportWriter.colour("cod") + "\"/>");
    }

    @Test
    void aFolderWithoutMetadataIsAOneLineUsageError(QuarkusMainLauncher launcher) {
        LaunchResult r = launcher.launch("report", tmp.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.getErrorOutput().strip())
                .startsWith("trawl: ")
                .doesNotContain("\n")
                .contains("no metadata.csv");
    }

    /**
     * {@code trawl demo} writes the card, CITATION.cff and the report; headless Chromium renders the report with
     * no console error, its DOM's numbers are metadata.csv's, and the screenshot goes to target/ (and, with
     * -Dtrawl.report.png=docs/report.png, to the README's picture).
     */
    @Test
    void theDemoReportRendersInARealBrowser(QuarkusMainLauncher launcher) throws Exception {
        Path out = tmp.resolve("trawl-demo");
        LaunchResult r = launcher.launch("demo", "-o", out.toString());
        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        assertThat(out.resolve("README.md")).exists();
        assertThat(out.resolve("CITATION.cff")).exists();
        Path report = out.resolve("report.html");
        assertSameNumbers(out, Files.readString(report));

        String chromium = browser();
        assumeTrue(chromium != null, "chromium is not installed (apt-get install -y chromium): browser check skipped");
        Path target = Path.of("target").toAbsolutePath();
        Files.createDirectories(target);
        Path png = target.resolve("report-demo.png");
        Files.deleteIfExists(png);
        Path profile = Files.createTempDirectory(tmp, "chromium");
        List<String> common = List.of(
                chromium,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--user-data-dir=" + profile,
                "--virtual-time-budget=5000",
                "--enable-logging=stderr",
                "--v=0");
        List<String> dump = new ArrayList<>(common);
        dump.add("--dump-dom");
        dump.add(report.toUri().toString());
        String[] dom = run(dump);
        assertThat(dom[0]).contains("id=\"summary\"");
        assertSameNumbers(out, dom[0]);
        assertThat(dom[1]).as("console errors").doesNotContainPattern("(?i)CONSOLE.*(error|uncaught)");

        List<String> shot = new ArrayList<>(common);
        shot.add("--window-size=1100,1400");
        shot.add("--hide-scrollbars");
        shot.add("--screenshot=" + png);
        shot.add(report.toUri().toString());
        String[] s = run(shot);
        assertThat(png).as(s[1]).exists();
        assertThat(Files.size(png)).isGreaterThan(10_000);
        String docs = System.getProperty("trawl.report.png");
        if (docs != null) {
            Files.copy(png, Path.of(docs), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The summary and the label and subset bars of the page equal the counts in metadata.csv. */
    static void assertSameNumbers(Path out, String html) {
        Map<String, Long> labels = new HashMap<>(), subsets = new HashMap<>();
        long rows = Table.forEach(out.resolve("metadata.csv"), row -> {
            labels.merge(row.get("label"), 1L, Long::sum);
            if (!row.get("subset").isEmpty()) {
                subsets.merge(row.get("subset"), 1L, Long::sum);
            }
        });
        long failures = Table.forEach(out.resolve("failures.csv"), row -> {});
        assertThat(rows).isPositive();
        assertThat(html)
                .contains("data-items=\"" + rows + "\"")
                .contains("data-labels=\"" + labels.size() + "\"")
                .contains("data-failures=\"" + failures + "\"");
        Map<String, Long> shownLabels = bars(section(html, "labels")), shownSubsets = bars(section(html, "subsets"));
        assertThat(shownLabels).isEqualTo(unescaped(labels));
        assertThat(shownSubsets).isEqualTo(subsets);
    }

    private static Map<String, Long> unescaped(Map<String, Long> m) {
        Map<String, Long> e = new HashMap<>();
        m.forEach((k, v) -> e.put(ReportWriter.esc(k), v));
        return e;
    }

    private static String section(String html, String id) {
        int at = html.indexOf("id=\"" + id + "\"");
        return at < 0 ? "" : html.substring(at, html.indexOf("</svg>", at));
    }

    private static Map<String, Long> bars(String svg) {
        Map<String, Long> m = new HashMap<>();
        Matcher b = BAR.matcher(svg);
        while (b.find()) {
            m.put(b.group(1), Long.parseLong(b.group(2)));
        }
        return m;
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    static String browser() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name).toString();
                }
            }
        }
        return null;
    }

    /** stdout and stderr of a browser run. */
    static String[] run(List<String> command) throws Exception {
        Path err = Files.createTempFile("chromium", ".log");
        Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new String[] {stdout, Files.readString(err)};
    }
}
