package org.trawl.cli.gbif;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.internal.Csv;
import org.trawl.internal.Json;
import org.trawl.testing.Archives;
import org.trawl.testing.FaultServer;
import org.trawl.testing.TestImages;

/**
 * --emit-plan: a GBIF archive's plan written without downloading, and `trawl urls PLAN` giving the very dataset
 * the archive gives (files, paths, labels, subsets, metadata.csv rows), whole and per shard.
 */
@QuarkusMainTest
class EmitPlanTest {
    FaultServer images;

    @TempDir
    Path tmp;

    @BeforeEach
    void start() {
        images = FaultServer.start();
    }

    @AfterEach
    void stop() {
        images.close();
    }

    static String[] args(Object... a) {
        return Stream.of(a).map(String::valueOf).toArray(String[]::new);
    }

    /** The real download with every distinct media URL served as a distinct image. */
    Path archive() throws Exception {
        Path zip = Archives.realGbifDownload(tmp, images.url(""));
        Set<String> urls = new LinkedHashSet<>();
        try (ZipFile z = new ZipFile(zip.toFile());
                InputStream in = z.getInputStream(z.getEntry("multimedia.txt"))) {
            new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .skip(1)
                    .map(l -> l.split("\t", -1)[3])
                    .filter(u -> !u.isEmpty())
                    .forEach(urls::add);
        }
        int i = 0;
        for (String u : urls) {
            images.image(
                    u.substring(images.url("").length()).replaceAll("\\?.*", ""),
                    TestImages.jpeg(20 + i, 10 + i, i),
                    "image/jpeg");
            i++;
        }
        return zip;
    }

    /** Every image under out by relative path, with its bytes (tables, state and run docs left out). */
    static Map<String, String> files(Path out) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(out)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String rel = out.relativize(p).toString();
                if (!rel.startsWith(".trawl")
                        && !rel.endsWith(".csv")
                        && !rel.equals("README.md")
                        && !rel.equals("CITATION.cff")) {
                    m.put(rel, java.util.HexFormat.of().formatHex(Files.readAllBytes(p)));
                }
            }
        }
        return m;
    }

    /** A CSV file as rows of column -> value. */
    static List<Map<String, String>> csv(Path file) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        try (Csv.Reader r = new Csv.Reader(new StringReader(Files.readString(file)), ',')) {
            List<String> header = r.next();
            List<String> row;
            while ((row = r.next()) != null) {
                Map<String, String> m = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    m.put(header.get(i), row.get(i));
                }
                rows.add(m);
            }
        }
        return rows;
    }

    /** metadata.csv as path -> (column -> value): the same dataset whatever order its columns came in. */
    static Map<String, Map<String, String>> metadata(Path out) throws IOException {
        Map<String, Map<String, String>> m = new TreeMap<>();
        for (Map<String, String> row : csv(out.resolve("metadata.csv"))) {
            m.put(row.get("path"), new TreeMap<>(row));
        }
        return m;
    }

    @Test
    void aPlanReadBackByUrlsGivesTheSameDatasetWholeAndPerShard(QuarkusMainLauncher launcher) throws Exception {
        Path zip = archive();
        Path plan = tmp.resolve("plans/plan.csv");
        Object[] gbif = {"gbif", "dwca", zip, "--label", "speciesKey", "--split", "train=0.5,test=0.5"};

        Path dry = tmp.resolve("dry");
        LaunchResult planned = launcher.launch(
                args(Stream.concat(Stream.of(gbif), Stream.of("--dry-run", "--emit-plan", plan, "-o", dry))
                        .toArray()));
        assertThat(planned.exitCode()).as(planned::getErrorOutput).isZero();
        assertThat(dry.resolve("metadata.csv")).doesNotExist(); // (gbif dwca keeps its work folder in OUT/.trawl)
        assertThat(images.connections()).isZero(); // nothing downloaded
        List<Map<String, String>> rows = csv(plan);
        assertThat(rows).hasSize(6);
        assertThat(rows.get(0).keySet())
                .startsWith(
                        "url",
                        "label",
                        "subset",
                        "path",
                        "basename",
                        "shard",
                        "stream",
                        "source",
                        "source_id",
                        "license",
                        "rights_holder")
                .contains("gbifID", "scientificName", "publisher");
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.get("source")).isEqualTo("gbif-dwca");
            assertThat(r.get("subset")).isIn("train", "test");
            assertThat(r.get("path")).isEqualTo(r.get("label") + "/" + r.get("basename"));
            assertThat(r.get("shard")).isEqualTo("0");
        });

        Path original = tmp.resolve("original"), fromPlan = tmp.resolve("from-plan");
        LaunchResult a = launcher.launch(
                args(Stream.concat(Stream.of(gbif), Stream.of("-o", original)).toArray()));
        LaunchResult b = launcher.launch(args("urls", plan, "-o", fromPlan));
        assertThat(a.exitCode()).as(a::getErrorOutput).isZero();
        assertThat(b.exitCode()).as(b::getErrorOutput).isZero();
        assertThat(files(original)).hasSize(6);
        assertThat(files(fromPlan)).isEqualTo(files(original));
        assertThat(metadata(fromPlan)).isEqualTo(metadata(original));

        // the plan of a plan is the plan itself, and a dry run of a list makes no OUT
        Path again = tmp.resolve("again.csv"), dryList = tmp.resolve("dry-list");
        LaunchResult c = launcher.launch(args("urls", plan, "--dry-run", "--emit-plan", again, "-o", dryList));
        assertThat(c.exitCode()).as(c::getErrorOutput).isZero();
        assertThat(dryList).doesNotExist();
        assertThat(Files.readString(again)).isEqualTo(Files.readString(plan));

        // one plan handed to shards gives what sharding the archive gives
        for (int i = 0; i < 2; i++) {
            Path s1 = tmp.resolve("gbif-shard" + i), s2 = tmp.resolve("plan-shard" + i);
            LaunchResult sa =
                    launcher.launch(args(Stream.concat(Stream.of(gbif), Stream.of("--shard", i + "/2", "-o", s1))
                            .toArray()));
            LaunchResult sb = launcher.launch(args("urls", plan, "--shard", i + "/2", "-o", s2));
            assertThat(sa.exitCode()).as(sa::getErrorOutput).isZero();
            assertThat(sb.exitCode()).as(sb::getErrorOutput).isZero();
            assertThat(files(s2)).isEqualTo(files(s1));
        }
    }

    @Test
    void aShardedRunEmitsTheWholePlanWithEachRowsShardThenDownloads(QuarkusMainLauncher launcher) throws Exception {
        Path zip = archive();
        Path plan = tmp.resolve("plan.jsonl"), out = tmp.resolve("out");

        LaunchResult r = launcher.launch(
                args("gbif", "dwca", zip, "--label", "speciesKey", "--shard", "1/2", "--emit-plan", plan, "-o", out));

        assertThat(r.exitCode()).as(r::getErrorOutput).isZero();
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(plan)) {
            rows.add(Json.MAPPER.readTree(line));
        }
        assertThat(rows).hasSize(6); // every shard's items
        Set<String> mine = new java.util.TreeSet<>();
        for (JsonNode n : rows) {
            assertThat(n.get("shard").isInt()).isTrue();
            assertThat(n.get("subset").isNull()).isTrue();
            if (n.get("shard").asInt() == 1) {
                mine.add(n.get("path").asText());
            }
        }
        // (which shard owns an item hangs on its URL, whose port is the test server's: all six may fall in
        // one shard, 1 run in 32, so the test asserts only that the download is exactly this shard's rows)
        assertThat(rows).allSatisfy(n -> assertThat(n.get("shard").asInt()).isBetween(0, 1));
        // what it downloaded is its own shard's rows
        Set<String> got = new java.util.TreeSet<>();
        files(out).keySet().forEach(f -> got.add(f.replaceAll("\\.[a-z]+$", "")));
        assertThat(got).isEqualTo(mine);
    }

    @Test
    void aPlanOnStdoutIsJsonLinesAndTheReportGoesToStderr(QuarkusMainLauncher launcher) throws Exception {
        Path zip = archive();

        LaunchResult r = launcher.launch(args(
                "gbif", "dwca", zip, "--label", "speciesKey", "--dry-run", "--json", "--emit-plan", "-", "-o", tmp));

        assertThat(r.exitCode()).as(r::getErrorOutput).isZero();
        List<String> lines = r.getOutputStream();
        assertThat(lines).hasSize(6);
        for (String l : lines) {
            assertThat(Json.MAPPER.readTree(l).get("url").asText()).startsWith(images.url(""));
        }
        assertThat(r.getErrorOutput()).contains("\"items\":6");
    }

    @Test
    void anUnknownFormatIsOneLineAndExitCode2(QuarkusMainLauncher launcher) throws Exception {
        Path zip = archive();
        Path target = tmp.resolve("plan.xlsx");
        LaunchResult r =
                launcher.launch(args("gbif", "dwca", zip, "--label", "speciesKey", "--dry-run", "--emit-plan", target));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.getErrorStream()).first().asString().contains("--emit-plan");
        assertThat(r.getErrorOutput()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(target).doesNotExist();
    }

    @Test
    void aParquetPlanReadBackByUrlsGivesTheSameDatasetAsTheCsvPlan(QuarkusMainLauncher launcher) throws Exception {
        Path zip = archive();
        Path csvPlan = tmp.resolve("plan.csv"), parquetPlan = tmp.resolve("plan.parquet");
        for (Path plan : List.of(csvPlan, parquetPlan)) {
            LaunchResult r = launcher.launch(
                    args("gbif", "dwca", zip, "--label", "speciesKey", "--dry-run", "--emit-plan", plan, "-o", tmp));
            assertThat(r.exitCode()).as(r::getErrorOutput).isZero();
        }
        assertThat(Files.readAllBytes(parquetPlan))
                .startsWith("PAR1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

        Path fromCsv = tmp.resolve("from-csv"), fromParquet = tmp.resolve("from-parquet");
        LaunchResult a = launcher.launch(args("urls", csvPlan, "-o", fromCsv));
        LaunchResult b = launcher.launch(args("urls", parquetPlan, "-o", fromParquet));
        assertThat(a.exitCode()).as(a::getErrorOutput).isZero();
        assertThat(b.exitCode()).as(b::getErrorOutput).isZero();
        assertThat(files(fromCsv)).hasSize(6);
        assertThat(files(fromParquet)).isEqualTo(files(fromCsv));
        assertThat(metadata(fromParquet)).isEqualTo(metadata(fromCsv));
    }
}
