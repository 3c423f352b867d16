package org.trawl.cli.gbif;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.testing.GbifFake;

/**
 * Balanced streams end to end: three species of 30, 12 and 20 occurrences (recorded occurrences
 * re-labelled), counted through limit=0 queries as gbif-dl does.
 */
@QuarkusMainTest
class GbifBalanceTest {
    GbifFake gbif;

    @TempDir
    Path tmp;

    @BeforeEach
    void start() {
        GbifFake recorded = GbifFake.start();
        gbif = recorded.withRecordedOccurrences();
        List<ObjectNode> withImages = gbif.occurrences.stream()
                .filter(o ->
                        o.path("media").size() > 0 && o.path("media").get(0).has("identifier"))
                .toList();
        List<ObjectNode> species = new ArrayList<>();
        int[] sizes = {30, 12, 20};
        int next = 0;
        for (int s = 0; s < sizes.length; s++) {
            for (int i = 0; i < sizes[s]; i++) {
                ObjectNode o = withImages.get(next++).deepCopy();
                o.put("speciesKey", 100 + s);
                o.put("species", "Species " + (char) ('A' + s));
                species.add(o);
            }
        }
        gbif.occurrences.clear();
        gbif.occurrences.addAll(species);
    }

    @AfterEach
    void stop() {
        gbif.close();
    }

    String[] args(Object... a) {
        List<String> l = new ArrayList<>(Stream.of(a).map(String::valueOf).toList());
        l.addAll(List.of("--gbif-api", gbif.api()));
        return l.toArray(String[]::new);
    }

    static JsonNode json(LaunchResult r) throws Exception {
        String out = r.getOutput();
        return GbifFake.JSON.readTree(out.substring(out.indexOf('{')));
    }

    static Map<String, Long> labels(JsonNode plan) {
        Map<String, Long> m = new TreeMap<>();
        plan.get("labels")
                .fields()
                .forEachRemaining(e -> m.put(e.getKey(), e.getValue().asLong()));
        return m;
    }

    @Test
    void minusOneWithTheSmallestCountAsCapGivesAnExactlyBalancedSet(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult r = launcher.launch(args(
                "gbif",
                "search",
                "speciesKey=100",
                "speciesKey=101",
                "speciesKey=102",
                "--split-streams-by",
                "speciesKey",
                "--samples",
                "-1",
                "--samples-per-stream",
                "12",
                "--label",
                "species",
                "--dry-run",
                "--json"));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        JsonNode plan = json(r);
        assertThat(plan.get("items").asLong()).isEqualTo(36); // min(30,12,20) x 3
        assertThat(labels(plan))
                .containsExactly(Map.entry("Species A", 12L), Map.entry("Species B", 12L), Map.entry("Species C", 12L));
        JsonNode streams = plan.get("streams");
        assertThat(streams).hasSize(3);
        assertThat(streams.get(0).get("stream").asText()).isEqualTo("speciesKey=100");
        assertThat(streams.get(0).get("query").get("speciesKey").asText()).isEqualTo("100");
        assertThat(List.of(
                        streams.get(0).get("count").asLong(),
                        streams.get(1).get("count").asLong(),
                        streams.get(2).get("count").asLong()))
                .containsExactly(30L, 12L, 20L);
        for (JsonNode s : streams) {
            assertThat(s.get("weight").asDouble()).isEqualTo(1.0);
            assertThat(s.get("expected").asLong()).isEqualTo(12);
            assertThat(s.get("taken").asLong()).isEqualTo(12);
        }
        // the counts came from limit=0 queries, one per stream
        assertThat(gbif.searches().stream()
                        .filter(q -> q.get("limit").equals(List.of("0")))
                        .count())
                .isEqualTo(3);
    }

    /** Without the cap the old draw was balanced on average only: now exactly min(count) per stream, any seed. */
    @Test
    void minusOneAloneIsExactForEverySeed(QuarkusMainLauncher launcher) throws Exception {
        for (int seed = 1; seed <= 3; seed++) {
            LaunchResult r = launcher.launch(args(
                    "gbif",
                    "search",
                    "speciesKey=100",
                    "speciesKey=101",
                    "speciesKey=102",
                    "--split-streams-by",
                    "speciesKey",
                    "--samples",
                    "-1",
                    "--label",
                    "species",
                    "--seed",
                    seed,
                    "--dry-run",
                    "--json"));
            assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
            assertThat(labels(json(r)))
                    .as("seed " + seed)
                    .containsExactly(
                            Map.entry("Species A", 12L), Map.entry("Species B", 12L), Map.entry("Species C", 12L));
        }
    }

    @Test
    void weightedStreamsKeepTheDistributionAndTheTextPlanShowsThem(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult r = launcher.launch(args(
                "gbif",
                "search",
                "speciesKey=100",
                "speciesKey=101",
                "speciesKey=102",
                "--split-streams-by",
                "speciesKey",
                "--samples",
                "31",
                "--weighted",
                "--label",
                "speciesKey",
                "--dry-run",
                "--json"));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        JsonNode plan = json(r);
        assertThat(plan.get("items").asLong()).isEqualTo(31);
        JsonNode s = plan.get("streams");
        assertThat(s.get(0).get("weight").asDouble()).isEqualTo(1.0);
        assertThat(s.get(1).get("weight").asDouble()).isEqualTo(12 / 30.0);
        assertThat(s.get(2).get("weight").asDouble()).isEqualTo(20 / 30.0);
        assertThat(s.get(0).get("expected").asLong()).isEqualTo(15); // 31 x 30/62
        assertThat(s.get(1).get("expected").asLong()).isEqualTo(6);
        assertThat(s.get(2).get("expected").asLong()).isEqualTo(10);

        LaunchResult text = launcher.launch(args(
                "gbif",
                "search",
                "speciesKey=100",
                "speciesKey=101",
                "--split-streams-by",
                "speciesKey",
                "--samples",
                "-1",
                "--label",
                "speciesKey",
                "--dry-run"));
        assertThat(text.exitCode()).as(text.getErrorOutput()).isEqualTo(0);
        assertThat(text.getOutput())
                .contains("plan: 24 items")
                .contains("stream speciesKey=100 count=30")
                .contains("stream speciesKey=101 count=12");
    }

    @Test
    void thePerStreamCapAppliesToAnUnsplitQuery(QuarkusMainLauncher launcher) throws Exception {
        // gbif-dl ignored nb_samples_per_stream without split_streams_by unless nb_samples was set too
        LaunchResult r = launcher.launch(args(
                "gbif",
                "search",
                "speciesKey=100",
                "speciesKey=101",
                "--samples-per-stream",
                "7",
                "--label",
                "speciesKey",
                "--dry-run",
                "--json"));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        assertThat(json(r).get("items").asLong()).isEqualTo(7);
    }

    @Test
    void theSameSeedGivesTheSameDatasetAndAnotherSeedAnother(QuarkusMainLauncher launcher) throws Exception {
        List<List<String>> runs = new ArrayList<>();
        for (String[] run : List.of(new String[] {"a", "3"}, new String[] {"b", "3"}, new String[] {"c", "4"})) {
            Path out = tmp.resolve(run[0]);
            LaunchResult r = launcher.launch(args(
                    "gbif",
                    "search",
                    "speciesKey=100",
                    "speciesKey=101",
                    "speciesKey=102",
                    "--split-streams-by",
                    "speciesKey",
                    "--samples",
                    "20",
                    "--label",
                    "species",
                    "--seed",
                    run[1],
                    "-o",
                    out,
                    "-q"));
            assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
            List<String> rows = Files.readAllLines(out.resolve("metadata.csv"), StandardCharsets.UTF_8);
            assertThat(rows).hasSize(21);
            runs.add(rows.subList(1, rows.size()).stream()
                    .map(l -> l.split(",")[1])
                    .sorted()
                    .toList());
        }
        assertThat(runs.get(0)).isEqualTo(runs.get(1));
        assertThat(runs.get(0)).isNotEqualTo(runs.get(2));
    }

    @Test
    void aRerunResumesFromTheCachedSearchWithoutQueryingAgain(QuarkusMainLauncher launcher) throws Exception {
        Path out = tmp.resolve("out");
        String[] a = args("gbif", "search", "speciesKey=100", "--label", "species", "-o", out, "--json");
        LaunchResult first = launcher.launch(a);
        assertThat(first.exitCode()).as(first.getErrorOutput()).isEqualTo(0);
        assertThat(json(first).get("fetched").asLong()).isEqualTo(30);
        gbif.wm().resetRequests();

        LaunchResult second = launcher.launch(a);

        assertThat(second.exitCode()).as(second.getErrorOutput()).isEqualTo(0);
        assertThat(json(second).get("skipped").asLong()).isEqualTo(30);
        assertThat(gbif.wm().getAllServeEvents()).isEmpty();
        assertThat(second.getErrorOutput()).contains("reusing the search results");
    }

    @Test
    void splittingOnAKeyTheQueryDoesNotHaveIsAUsageError(QuarkusMainLauncher launcher) {
        LaunchResult r = launcher.launch(
                args("gbif", "search", "speciesKey=100", "--split-streams-by", "datasetKey", "--dry-run"));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.getErrorOutput()).contains("--split-streams-by datasetKey").doesNotContain("Exception");
    }

    @Test
    void aLabelIsSanitisedForItsFolderButKeptWholeInMetadata(QuarkusMainLauncher launcher) throws Exception {
        gbif.occurrences.stream()
                .filter(o -> o.get("speciesKey").asInt() == 101)
                .forEach(o -> o.put("species", "../Quercus/robur"));
        Path out = tmp.resolve("out");

        LaunchResult r =
                launcher.launch(args("gbif", "search", "speciesKey=101", "--label", "species", "-o", out, "-q"));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        List<String> rows = Files.readAllLines(out.resolve("metadata.csv"), StandardCharsets.UTF_8);
        assertThat(rows).hasSize(13);
        assertThat(rows.subList(1, rows.size())).allSatisfy(l -> assertThat(l).contains(",../Quercus/robur,"));
        try (Stream<Path> dirs = Files.list(out)) {
            assertThat(dirs.map(d -> d.getFileName().toString()))
                    .contains("_.._Quercus_robur")
                    .doesNotContain("Quercus", "..");
        }
        assertThat(tmp.resolve("Quercus")).doesNotExist();
    }

    @Test
    void subsetStreamsPutsWholeStreamsInTheirSubset(QuarkusMainLauncher launcher) throws Exception {
        Path out = tmp.resolve("out");

        LaunchResult r = launcher.launch(args(
                "gbif",
                "search",
                "speciesKey=100",
                "speciesKey=101",
                "speciesKey=102",
                "--split-streams-by",
                "speciesKey",
                "--subset-streams",
                "train:speciesKey=100,101;test:*",
                "--label",
                "species",
                "-o",
                out,
                "-q"));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        assertThat(files(out.resolve("train/Species A"))).isEqualTo(30);
        assertThat(files(out.resolve("train/Species B"))).isEqualTo(12);
        assertThat(files(out.resolve("test/Species C"))).isEqualTo(20);
        assertThat(out.resolve("test/Species A")).doesNotExist();
        assertThat(out.resolve("train/Species C")).doesNotExist();
        assertThat(out.resolve("Species A")).doesNotExist();
    }

    static long files(Path dir) throws Exception {
        try (Stream<Path> f = Files.list(dir)) {
            return f.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void theDryRunShowsTheSubsetOfEachStreamAndTheFirstMatchingRuleWins(QuarkusMainLauncher launcher) throws Exception {
        String[] a = args(
                "gbif",
                "search",
                "speciesKey=100",
                "speciesKey=101",
                "speciesKey=102",
                "--split-streams-by",
                "speciesKey",
                "--samples",
                "-1",
                "--samples-per-stream",
                "12",
                "--subset-streams",
                "val:speciesKey=102;train:speciesKey=*;test:*",
                "--label",
                "species",
                "--dry-run");
        LaunchResult json =
                launcher.launch(Stream.concat(Stream.of(a), Stream.of("--json")).toArray(String[]::new));

        assertThat(json.exitCode()).as(json.getErrorOutput()).isEqualTo(0);
        JsonNode plan = json(json);
        JsonNode streams = plan.get("streams");
        assertThat(List.of(
                        streams.get(0).get("subset").asText(),
                        streams.get(1).get("subset").asText(),
                        streams.get(2).get("subset").asText()))
                .containsExactly("train", "train", "val");
        assertThat(plan.get("subsets").get("train").get("Species A").asLong()).isEqualTo(12);
        assertThat(plan.get("subsets").get("train").get("Species B").asLong()).isEqualTo(12);
        assertThat(plan.get("subsets").get("val").get("Species C").asLong()).isEqualTo(12);
        assertThat(plan.get("subsets").has("test")).isFalse();

        LaunchResult text = launcher.launch(a);
        assertThat(text.exitCode()).as(text.getErrorOutput()).isEqualTo(0);
        assertThat(text.getOutput())
                .containsPattern("stream speciesKey=100 .*subset=train")
                .containsPattern("stream speciesKey=102 .*subset=val");
    }

    @Test
    void aStreamNoRuleTakesIsAUsageErrorNamingItBeforeGbifIsAsked(QuarkusMainLauncher launcher) {
        LaunchResult r = launcher.launch(args(
                "gbif",
                "search",
                "speciesKey=100",
                "speciesKey=101",
                "--split-streams-by",
                "speciesKey",
                "--subset-streams",
                "train:speciesKey=100",
                "--label",
                "species",
                "--dry-run"));

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.getErrorOutput())
                .contains("no rule takes the stream speciesKey=101")
                .doesNotContain("Exception");
        // the packaged app (GbifBalanceIT) also logs its start and stop lines: those are not the message
        assertThat(r.getErrorOutput()
                        .strip()
                        .lines()
                        .filter(
                                l -> !l.matches(
                                        "trawl: (trawl .* started in .*|Profile prod activated\\. ?|Installed features: .*|trawl stopped in .*)"))
                        .count())
                .isEqualTo(1);
        assertThat(gbif.searches()).isEmpty();
    }

    @Test
    void subsetStreamsRefusesSplitAndRulesItCannotRead(QuarkusMainLauncher launcher) {
        LaunchResult both = launcher.launch(args(
                "gbif",
                "search",
                "speciesKey=100",
                "--split-streams-by",
                "speciesKey",
                "--subset-streams",
                "train:*",
                "--split",
                "train=0.8,test=0.2",
                "--dry-run"));
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.getErrorOutput()).contains("--subset-streams and --split");

        LaunchResult syntax = launcher.launch(args(
                "gbif",
                "search",
                "speciesKey=100",
                "--split-streams-by",
                "speciesKey",
                "--subset-streams",
                "train=speciesKey",
                "--dry-run"));
        assertThat(syntax.exitCode()).isEqualTo(2);
        assertThat(syntax.getErrorOutput()).contains("--subset-streams").contains("SUBSET:KEY=V");

        LaunchResult key = launcher.launch(args(
                "gbif",
                "search",
                "speciesKey=100",
                "--split-streams-by",
                "speciesKey",
                "--subset-streams",
                "train:datasetKey=x;test:*",
                "--dry-run"));
        assertThat(key.exitCode()).isEqualTo(2);
        assertThat(key.getErrorOutput()).contains("datasetKey, which is not a --split-streams-by key");
        assertThat(gbif.searches()).isEmpty();
    }
}
