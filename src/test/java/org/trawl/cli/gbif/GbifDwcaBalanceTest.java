package org.trawl.cli.gbif;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.testing.Archives;

/** gbif-dl's stream balancing on `trawl gbif dwca`, on the real GBIF download fixture (dry runs: no image needed). */
@QuarkusMainTest
class GbifDwcaBalanceTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    Path zip;

    @BeforeEach
    void archive() throws Exception {
        zip = Archives.realGbifDownload(tmp, "http://127.0.0.1:9");
    }

    static String[] args(Object... a) {
        return Stream.of(a).map(String::valueOf).toArray(String[]::new);
    }

    static JsonNode json(LaunchResult r) throws Exception {
        String out = r.getOutput();
        return JSON.readTree(out.substring(out.indexOf('{')));
    }

    static Map<String, Long> labels(JsonNode plan) {
        Map<String, Long> m = new TreeMap<>();
        plan.get("labels")
                .fields()
                .forEachRemaining(e -> m.put(e.getKey(), e.getValue().asLong()));
        return m;
    }

    /**
     * Every run here files an image of several species under the first (trawl's behaviour before
     * --shared-labels), so that the archive keeps the 15 items the counts below are worked out from.
     */
    static final String SHARED = "--shared-labels";

    LaunchResult dry(QuarkusMainLauncher launcher, Object... extra) {
        Object[] base = {
            "gbif",
            "dwca",
            zip,
            "--label",
            "speciesKey",
            "-o",
            tmp.resolve("out"),
            "--dry-run",
            "--json",
            SHARED,
            "first"
        };
        Object[] all = Stream.concat(Stream.of(base), Stream.of(extra)).toArray();
        return launcher.launch(args(all));
    }

    /** The archive's 15 items by countryCode: "" 4, CN 1, MX 2, TR 1, US 7 (11 speciesKey labels). */
    @Test
    void minusOneTakesTheSmallestStreamCountFromEveryStream(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult r = dry(launcher, "--split-streams-by", "countryCode", "--samples", "-1");

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        JsonNode plan = json(r);
        assertThat(plan.get("items").asLong()).isEqualTo(5); // min(4,1,2,1,7) x 5 streams
        JsonNode streams = plan.get("streams");
        assertThat(streams).hasSize(5);
        assertThat(streams.get(4).get("stream").asText()).isEqualTo("countryCode=US");
        assertThat(streams.get(4).get("query").get("countryCode").asText()).isEqualTo("US");
        long taken = 0;
        long[] counts = {4, 1, 2, 1, 7};
        for (int i = 0; i < 5; i++) {
            assertThat(streams.get(i).get("count").asLong()).isEqualTo(counts[i]);
            assertThat(streams.get(i).get("weight").asDouble()).isEqualTo(1.0);
            assertThat(streams.get(i).get("expected").asLong()).isEqualTo(1);
            taken += streams.get(i).get("taken").asLong();
        }
        assertThat(taken).isEqualTo(5);
        assertThat(r.getErrorOutput()).contains("-> 5 items").contains("10 not drawn by the stream balancing");

        LaunchResult text = launcher.launch(args(
                "gbif",
                "dwca",
                zip,
                "--label",
                "speciesKey",
                "-o",
                tmp.resolve("out"),
                "--dry-run",
                SHARED,
                "first",
                "--split-streams-by",
                "countryCode",
                "--samples",
                "-1",
                "--samples-per-stream",
                "1"));
        assertThat(text.exitCode()).as(text.getErrorOutput()).isEqualTo(0);
        assertThat(text.getOutput())
                .contains("plan: 5 items")
                .contains("stream countryCode=US count=7")
                .contains("stream countryCode=CN count=1");
    }

    /** The seeds 1, 2, 3 gave 1/1/1/1/1, 0/0/1/1/3 and 3/0/1/1/0 with gbif-dl's draw: now exact. */
    @Test
    void minusOneIsExactWhateverTheSeedAndTheStochasticMixStaysAChoice(QuarkusMainLauncher launcher) throws Exception {
        for (int seed = 1; seed <= 3; seed++) {
            JsonNode plan = json(dry(launcher, "--split-streams-by", "countryCode", "--samples", "-1", "--seed", seed));
            JsonNode streams = plan.get("streams");
            for (int i = 0; i < 5; i++) {
                assertThat(streams.get(i).get("taken").asLong())
                        .as("seed " + seed + " stream " + i)
                        .isEqualTo(1);
                assertThat(streams.get(i).get("expected").asLong()).isEqualTo(1);
            }
        }
        boolean unbalanced = false;
        for (int seed = 1; seed <= 3; seed++) {
            JsonNode streams = json(dry(
                            launcher,
                            "--split-streams-by",
                            "countryCode",
                            "--samples",
                            "-1",
                            "--seed",
                            seed,
                            "--mix",
                            "stochastic"))
                    .get("streams");
            long total = 0;
            for (int i = 0; i < 5; i++) {
                total += streams.get(i).get("taken").asLong();
                unbalanced |= streams.get(i).get("taken").asLong() != 1;
            }
            assertThat(total).isEqualTo(5);
        }
        assertThat(unbalanced).as("gbif-dl's draw is balanced on average only").isTrue();
        LaunchResult bad = dry(launcher, "--split-streams-by", "countryCode", "--mix", "roughly");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.getErrorOutput()).contains("--mix must be exact or stochastic");
    }

    /** --samples 10 over 4/1/2/1/7: 2 each is the share; CN and TR hold 1, so the others make up 2. */
    @Test
    void aStreamThatCannotFillItsShareIsNamedAndTheOthersMakeItUp(QuarkusMainLauncher launcher) throws Exception {
        JsonNode plan = json(dry(launcher, "--split-streams-by", "countryCode", "--samples", "10"));
        assertThat(plan.get("items").asLong()).isEqualTo(10);
        JsonNode s = plan.get("streams");
        long[] taken = {3, 1, 2, 1, 3};
        for (int i = 0; i < 5; i++) {
            assertThat(s.get(i).get("taken").asLong()).as("stream " + i).isEqualTo(taken[i]);
            assertThat(s.get(i).get("expected").asLong()).isEqualTo(taken[i]);
        }
        assertThat(s.get(1).get("shortfall").asLong()).isEqualTo(1); // CN
        assertThat(s.get(3).get("shortfall").asLong()).isEqualTo(1); // TR
        assertThat(s.get(0).has("shortfall")).isFalse();
        LaunchResult text = launcher.launch(args(
                "gbif",
                "dwca",
                zip,
                "--label",
                "speciesKey",
                "-o",
                tmp.resolve("t"),
                "--dry-run",
                SHARED,
                "first",
                "--split-streams-by",
                "countryCode",
                "--samples",
                "10"));
        assertThat(text.getOutput()).contains("stream countryCode=CN count=1 weight=1.0 expected=1 taken=1 short=1");
    }

    @Test
    void weightedStreamsKeepTheArchivesDistribution(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult r = dry(launcher, "--split-streams-by", "countryCode", "--samples", "6", "--weighted");

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        JsonNode plan = json(r);
        assertThat(plan.get("items").asLong()).isEqualTo(6);
        JsonNode s = plan.get("streams");
        long[] counts = {4, 1, 2, 1, 7};
        long[] expected = {2, 0, 1, 0, 3}; // 6 x count / 15, rounded
        for (int i = 0; i < 5; i++) {
            assertThat(s.get(i).get("weight").asDouble()).isEqualTo(counts[i] / 7.0);
            assertThat(s.get(i).get("expected").asLong()).isEqualTo(expected[i]);
        }
    }

    @Test
    void aPerStreamCapOnSpeciesKeepsEveryLabel(QuarkusMainLauncher launcher) throws Exception {
        JsonNode all = json(dry(launcher));
        LaunchResult r = dry(launcher, "--split-streams-by", "speciesKey", "--samples-per-stream", "1");

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        Map<String, Long> capped = labels(json(r));
        assertThat(capped.keySet()).isEqualTo(labels(all).keySet()).hasSize(11); // no label lost
        assertThat(capped.values()).allMatch(n -> n == 1);
        assertThat(json(r).get("items").asLong()).isEqualTo(11);
    }

    @Test
    void theCapAppliesWithoutSplitting(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult r = dry(launcher, "--samples-per-stream", "4");

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        assertThat(json(r).get("items").asLong()).isEqualTo(4);
        assertThat(json(r).get("streams").get(0).get("stream").asText()).isEqualTo("all");
    }

    @Test
    void splittingOnATermTheCoreLacksIsAUsageError(QuarkusMainLauncher launcher) {
        LaunchResult r = dry(launcher, "--split-streams-by", "noSuchTerm");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.getErrorOutput()).contains("--split-streams-by noSuchTerm").doesNotContain("Exception");
    }

    static long sum(JsonNode perLabel) {
        long n = 0;
        for (JsonNode c : perLabel) {
            n += c.asLong();
        }
        return n;
    }

    @Test
    void subsetStreamsPutsWholeCountriesInOneSubset(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult r = dry(
                launcher, "--split-streams-by", "countryCode", "--subset-streams", "train:countryCode=US,MX;test:*");

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        JsonNode plan = json(r);
        assertThat(plan.get("items").asLong()).isEqualTo(15); // no sampling: every item, in its stream's subset
        assertThat(sum(plan.get("subsets").get("train"))).isEqualTo(9); // US 7 + MX 2
        assertThat(sum(plan.get("subsets").get("test"))).isEqualTo(6); // "" 4 + CN 1 + TR 1
        for (JsonNode s : plan.get("streams")) {
            String country = s.get("query").get("countryCode").asText();
            assertThat(s.get("subset").asText())
                    .as(country)
                    .isEqualTo(country.equals("US") || country.equals("MX") ? "train" : "test");
        }

        LaunchResult unmatched = dry(
                launcher,
                "--split-streams-by",
                "countryCode",
                "--subset-streams",
                "train:countryCode=US;val:countryCode=MX");
        assertThat(unmatched.exitCode()).isEqualTo(2);
        assertThat(unmatched.getErrorOutput())
                .contains("no rule takes the stream countryCode=")
                .doesNotContain("Exception");

        LaunchResult both =
                dry(launcher, "--split-streams-by", "countryCode", "--subset-streams", "a:*", "--split", "train=1");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.getErrorOutput()).contains("--subset-streams and --split");
    }
}
