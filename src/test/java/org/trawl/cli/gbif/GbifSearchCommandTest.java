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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.testing.GbifFake;

/** Drives `trawl gbif search` against the GBIF fake fed with the recorded search pages. */
@QuarkusMainTest
class GbifSearchCommandTest {
    GbifFake gbif;

    @TempDir
    Path tmp;

    @BeforeEach
    void start() {
        gbif = GbifFake.start().withRecordedOccurrences();
    }

    @AfterEach
    void stop() {
        gbif.close();
    }

    String[] args(Object... a) {
        List<String> l = new ArrayList<>(Stream.of(a).map(String::valueOf).toList());
        l.add("--gbif-api");
        l.add(gbif.api());
        return l.toArray(String[]::new);
    }

    /** What the user reads on stderr (the IT drops the artifact's start/stop log lines). */
    String errorOutput(LaunchResult r) {
        return r.getErrorOutput();
    }

    static JsonNode json(LaunchResult r) throws Exception {
        String out = r.getOutput();
        return GbifFake.JSON.readTree(out.substring(out.indexOf('{')));
    }

    /** What gbif-dl's definitions give for this fixture: occurrences with a StillImage URL, per label. */
    Map<String, Long> expectedPerLabel(String field) {
        Map<String, Long> m = new TreeMap<>();
        for (ObjectNode o : gbif.occurrences) {
            boolean has = false;
            for (JsonNode media : o.path("media")) {
                has |= "StillImage".equals(media.path("type").asText()) && media.hasNonNull("identifier");
            }
            if (has && o.hasNonNull(field)) {
                m.merge(o.get(field).asText(), 1L, Long::sum);
            }
        }
        return m;
    }

    @Test
    void pagesUntilEndOfRecordsEvenWhenTheServiceClampsTheLimit(QuarkusMainLauncher launcher) throws Exception {
        gbif.maxPage = 250; // the recorded answers: limit=250 per page

        LaunchResult r = launcher.launch(args(
                "gbif",
                "search",
                "taxonKey=3118771",
                "--label",
                "speciesKey",
                "--dry-run",
                "--json",
                "-o",
                tmp.resolve("out")));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        JsonNode plan = json(r);
        Map<String, Long> expected = expectedPerLabel("speciesKey");
        assertThat(plan.get("items").asLong())
                .isEqualTo(expected.values().stream().mapToLong(Long::longValue).sum());
        Map<String, Long> labels = new TreeMap<>();
        plan.get("labels")
                .fields()
                .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asLong()));
        assertThat(labels).isEqualTo(expected); // no label lost
        List<String> offsets = gbif.searches().stream()
                .filter(q -> !"0".equals(q.get("limit").get(0)))
                .map(q -> q.get("offset").get(0))
                .toList();
        assertThat(offsets).containsExactly("0", "250", "500"); // gbif-dl's offset += 300 skipped 50 a page
        assertThat(gbif.searches())
                .allSatisfy(q -> assertThat(q.get("mediaType")).containsExactly("StillImage"));
        assertThat(Files.exists(tmp.resolve("out")))
                .as("a dry run writes nothing")
                .isFalse();
    }

    @Test
    void downloadsOneSeededMediaPerOccurrenceWithProvenance(QuarkusMainLauncher launcher) throws Exception {
        Path out = tmp.resolve("out");
        LaunchResult r = launcher.launch(args(
                "gbif",
                "search",
                "taxonKey=3118771",
                "--label",
                "species",
                "--samples",
                "12",
                "-o",
                out,
                "--seed",
                "5"));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        List<String> meta = Files.readAllLines(out.resolve("metadata.csv"), StandardCharsets.UTF_8);
        assertThat(meta).hasSize(13);
        String head = meta.get(0);
        assertThat(head)
                .contains(
                        "path",
                        "url",
                        "label",
                        "source_id",
                        "license",
                        "rights_holder",
                        "gbifID",
                        "datasetKey",
                        "publisher",
                        "taxonKey",
                        "scientificName",
                        "speciesKey",
                        "species");
        List<String> cols = List.of(head.split(","));
        for (String row : meta.subList(1, meta.size())) {
            Map<String, String> m = row(cols, row);
            ObjectNode occ = gbif.occurrences.stream()
                    .filter(o -> o.get("gbifID").asText().equals(m.get("gbifID")))
                    .findFirst()
                    .orElseThrow();
            assertThat(m.get("source_id")).isEqualTo(m.get("gbifID"));
            assertThat(m.get("datasetKey")).isEqualTo(occ.get("datasetKey").asText());
            assertThat(m.get("label")).isEqualTo(occ.get("species").asText());
            JsonNode media = null;
            for (JsonNode x : occ.get("media")) {
                if (x.path("identifier").asText().equals(m.get("url"))) {
                    media = x;
                }
            }
            assertThat(media).as("the url is one of the occurrence's media").isNotNull();
            assertThat(m.get("license"))
                    .isEqualTo(media.path("license").asText(occ.path("license").asText()));
            assertThat(m.get("rights_holder"))
                    .isEqualTo(
                            media.has("rightsHolder")
                                    ? media.get("rightsHolder").asText()
                                    : media.path("creator").asText());
            assertThat(Files.readAllBytes(out.resolve(m.get("path")))).isEqualTo(gbif.image);
        }
    }

    @Test
    void pastTheHundredThousandCapTheQueryIsSplitByFacetsAndEveryRecordIsReached(QuarkusMainLauncher launcher)
            throws Exception {
        gbif.scale = 200; // 712 occurrences with images report as 142,400: past the search API's cap

        LaunchResult r = launcher.launch(
                args("gbif", "search", "taxonKey=3118771", "--label", "datasetKey", "--dry-run", "--json"));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        JsonNode plan = json(r);
        assertThat(plan.get("items").asLong()).isEqualTo(712); // every record, none lost past the cap
        assertThat(plan.get("streams").get(0).get("count").asLong()).isEqualTo(142_400);
        // datasetKey first (the big dataset still too large), then month (year has one value only)
        assertThat(plan.get("streams").get(0).get("parts").asLong()).isEqualTo(4);
        List<Map<String, List<String>>> pages = gbif.searches().stream()
                .filter(q -> !"0".equals(q.get("limit").get(0)))
                .toList();
        assertThat(pages).allSatisfy(q -> assertThat(q).containsKey("datasetKey"));
        assertThat(pages)
                .allSatisfy(q -> assertThat(Long.parseLong(q.get("offset").get(0))
                                + Long.parseLong(q.get("limit").get(0)))
                        .isLessThanOrEqualTo(100_000));
        assertThat(pages.stream()
                        .filter(q -> q.containsKey("month"))
                        .map(q -> q.get("month").get(0))
                        .distinct())
                .containsExactlyInAnyOrder("1", "2", "3");
    }

    @Test
    void aQueryThatCannotBeSplitBelowTheCapStopsAndPointsToTheDownloadApi(QuarkusMainLauncher launcher) {
        gbif.scale = 1_000_000;

        LaunchResult r = launcher.launch(args("gbif", "search", "taxonKey=3118771", "--dry-run"));

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.getErrorOutput())
                .contains("stops at 100000")
                .contains("trawl gbif request")
                .doesNotContain("Exception");
    }

    @Test
    void aSearchThatStopsHalfWayLeavesNoTemporaryFileBehind(QuarkusMainLauncher launcher) throws Exception {
        gbif.scale = 1_000_000;
        Path out = tmp.resolve("out");

        LaunchResult r = launcher.launch(args("gbif", "search", "taxonKey=3118771", "-o", out));

        assertThat(r.exitCode()).isEqualTo(2);
        try (Stream<Path> files = Files.walk(out)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.endsWith(".tmp") || n.endsWith(".body"));
        }
    }

    @Test
    void aFacetThatDoesNotCoverEveryRecordIsNotUsedToSplit(QuarkusMainLauncher launcher) {
        gbif.scale = 200;
        // ten records of the big dataset have no month: splitting by month would lose them silently
        gbif.occurrences.stream()
                .filter(o -> o.get("datasetKey").asText().startsWith("50c9"))
                .limit(10)
                .forEach(o -> o.remove("month"));

        LaunchResult r = launcher.launch(args("gbif", "search", "taxonKey=3118771", "--dry-run"));

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(errorOutput(r)).contains("could not be split", "trawl gbif request");
        assertThat(gbif.searches()).noneSatisfy(q -> assertThat(q).containsKey("month"));
    }

    @Test
    void aQueryGbifRejectsExitsWithTheServicesMessage(QuarkusMainLauncher launcher) {
        gbif.wm()
                .stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/v1/occurrence/search"))
                        .withQueryParam(
                                "continent", com.github.tomakehurst.wiremock.client.WireMock.equalTo("asia,oceania"))
                        .atPriority(1)
                        .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                                .withStatus(400)
                                .withHeader("Content-Type", "text/plain")
                                .withBody(GbifFake.resource("/fixtures/gbif/occ_search_fails_well/000.txt"))));

        LaunchResult r =
                launcher.launch(args("gbif", "search", "taxonKey=3189815", "continent=asia,oceania", "--dry-run"));

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(errorOutput(r))
                .contains("Cannot parse asia,oceania into a known Continent")
                .doesNotContain("Exception");
        assertThat(errorOutput(r).lines().count()).isEqualTo(1);
    }

    @Test
    void theLicenceFilterKeepsOnlyMediaUnderThoseLicences(QuarkusMainLauncher launcher) throws Exception {
        long expected = gbif.occurrences.stream()
                .flatMap(o -> {
                    List<String> l = new ArrayList<>();
                    o.path("media")
                            .forEach(m -> l.add(
                                    m.path("license").asText(o.path("license").asText())));
                    return l.stream();
                })
                .filter(l -> l.contains("/licenses/by/") || l.contains("publicdomain/zero"))
                .count();
        Path out = tmp.resolve("out");

        LaunchResult r = launcher.launch(
                args("gbif", "search", "taxonKey=3118771", "--all-media", "--license", "CC-BY,CC0", "-o", out, "-q"));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        List<String> meta = Files.readAllLines(out.resolve("metadata.csv"), StandardCharsets.UTF_8);
        List<String> cols = List.of(meta.get(0).split(","));
        assertThat(meta).hasSize((int) expected + 1);
        assertThat(expected).isGreaterThan(50);
        // the occurrences are mostly CC-BY-NC with some CC-BY media; only the media's licence counts
        assertThat(meta.subList(1, meta.size()))
                .allSatisfy(line ->
                        assertThat(row(cols, line).get("license")).matches(".*(/licenses/by/|publicdomain/zero).*"));
    }

    @Test
    void theLicenceFilterTakesGbifCodesAndUrlsAndRefusesWhatItCannotRead(QuarkusMainLauncher launcher)
            throws Exception {
        // the fixture's CC-BY media are all 4.0 and its CC0 media 1.0: the versioned spellings keep the same media
        long expected = gbif.occurrences.stream()
                .flatMap(o -> {
                    List<String> l = new ArrayList<>();
                    o.path("media")
                            .forEach(m -> l.add(
                                    m.path("license").asText(o.path("license").asText())));
                    return l.stream();
                })
                .filter(l -> l.contains("/licenses/by/4.0") || l.contains("publicdomain/zero/1.0"))
                .count();
        Path out = tmp.resolve("out");

        LaunchResult r = launcher.launch(args(
                "gbif",
                "search",
                "taxonKey=3118771",
                "--all-media",
                "--license",
                "https://creativecommons.org/licenses/by/4.0/,cc0_1_0",
                "-o",
                out,
                "--dry-run",
                "--json"));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        assertThat(GbifFake.JSON
                        .readTree(r.getOutput().substring(r.getOutput().indexOf('{')))
                        .get("items")
                        .asLong())
                .isEqualTo(expected);

        LaunchResult bad = launcher.launch(
                args("gbif", "search", "taxonKey=3118771", "--license", "CC-BY,open", "-o", out, "--dry-run"));
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.getErrorOutput())
                .contains("--license: unknown licence 'open'")
                .contains("CC-BY-NC-ND")
                .contains("CC_BY_4_0")
                .doesNotContain("Exception");
        assertThat(errorOutput(bad).strip().lines().count()).isEqualTo(1);

        LaunchResult type = launcher.launch(
                args("gbif", "search", "taxonKey=3118771", "--media-type", "Photo", "-o", out, "--dry-run"));
        assertThat(type.exitCode()).isEqualTo(2);
        assertThat(type.getErrorOutput())
                .contains("--media-type: unknown type 'Photo'")
                .contains("StillImage");
    }

    @Test
    void whatTheLicenceFilterLeftOutIsListedInFilteredCsvTheCardAndTheReport(QuarkusMainLauncher launcher)
            throws Exception {
        // per media of the fixture with a web URL: a StillImage under another licence is left out by --license,
        // a media of another type by the StillImage filter
        Map<String, Long> expected = new TreeMap<>();
        Set<String> licenceRefused = new TreeSet<>();
        for (ObjectNode o : gbif.occurrences) {
            for (JsonNode m : o.path("media")) {
                String url = m.path("identifier").asText("");
                if (!url.matches("^https?://.+")) {
                    continue;
                }
                String licence = m.path("license").asText(o.path("license").asText());
                if (m.hasNonNull("type") && !m.get("type").asText().equals("StillImage")) {
                    expected.merge("media_type", 1L, Long::sum);
                } else if (!licence.contains("/licenses/by/") && !licence.contains("publicdomain/zero")) {
                    expected.merge("license", 1L, Long::sum);
                    licenceRefused.add(url);
                }
            }
        }
        assertThat(expected.get("license")).isGreaterThan(50);
        Path out = tmp.resolve("out");

        LaunchResult r = launcher.launch(args(
                "gbif",
                "search",
                "taxonKey=3118771",
                "--all-media",
                "--license",
                "CC-BY,CC0",
                "--report",
                "-o",
                out,
                "-q"));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        List<String> lines = Files.readAllLines(out.resolve("filtered.csv"), StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo("url,label,reason,value");
        List<String> cols = List.of(lines.get(0).split(","));
        List<Map<String, String>> rows =
                lines.subList(1, lines.size()).stream().map(l -> row(cols, l)).toList();
        Map<String, Long> perReason = new TreeMap<>();
        Set<String> refusedUrls = new TreeSet<>();
        for (Map<String, String> m : rows) {
            perReason.merge(m.get("reason"), 1L, Long::sum);
            if (m.get("reason").equals("license")) {
                refusedUrls.add(m.get("url"));
            }
        }
        assertThat(perReason).isEqualTo(expected);
        assertThat(refusedUrls).isEqualTo(licenceRefused);
        // the value is the licence that was refused: none of them is CC-BY or CC0
        assertThat(rows.stream().filter(m -> m.get("reason").equals("license")))
                .allSatisfy(m -> assertThat(m.get("value"))
                        .doesNotContain("/licenses/by/")
                        .isNotEmpty());
        long total = rows.size();
        String card = Files.readString(out.resolve("README.md"), StandardCharsets.UTF_8);
        assertThat(card)
                .contains(total + " media left out by the run's filters (`filtered.csv`)")
                .contains(expected.get("license") + " by `license`");
        String report = Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8);
        assertThat(report)
                .contains("data-filtered=\"" + total + "\"")
                .contains("<tr data-name=\"license\" data-count=\"" + expected.get("license") + "\">")
                .contains("id=\"filtered-examples\"");

        // a re-run resumes from the cache and the checkpoint: the same list, not a doubled one
        LaunchResult again = launcher.launch(
                args("gbif", "search", "taxonKey=3118771", "--all-media", "--license", "CC-BY,CC0", "-o", out, "-q"));
        assertThat(again.exitCode()).as(again.getErrorOutput()).isEqualTo(0);
        assertThat(Files.readAllLines(out.resolve("filtered.csv"), StandardCharsets.UTF_8))
                .isEqualTo(lines);
    }

    static Map<String, String> row(List<String> cols, String line) {
        // metadata values in this fixture hold no commas inside quotes except scientific names: parse CSV properly
        List<String> vals = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean q = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (q) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    q = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                q = true;
            } else if (c == ',') {
                vals.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        vals.add(cur.toString());
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < cols.size(); i++) {
            m.put(cols.get(i), i < vals.size() ? vals.get(i) : "");
        }
        return m;
    }

    @Test
    void decodeCheckFailsDamagedImagesAndKeepsNoneOfThem(QuarkusMainLauncher launcher) throws Exception {
        // whole markers (the structural check every download gets passes it), garbage scan data
        byte[] damaged = org.trawl.testing.FaultServer.jpegWithGarbageScan(
                org.trawl.testing.TestImages.jpegWithOwnTables(64, 48, 8), 8);
        gbif.wm()
                .stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(
                                com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/img/.*"))
                        .atPriority(1)
                        .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                                .withStatus(200)
                                .withHeader("Content-Type", "image/jpeg")
                                .withBody(damaged)));
        Path out = tmp.resolve("out");

        LaunchResult r = launcher.launch(args(
                "gbif",
                "search",
                "taxonKey=3118771",
                "--label",
                "species",
                "--samples",
                "3",
                "-o",
                out,
                "--decode-check"));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(3);
        List<String> failures = Files.readAllLines(out.resolve("failures.csv"), StandardCharsets.UTF_8);
        assertThat(failures).hasSize(4);
        assertThat(failures.subList(1, 4)).allSatisfy(l -> assertThat(l).contains("does not decode"));
        try (Stream<Path> files = Files.walk(out)) {
            assertThat(files.filter(p -> p.toString().endsWith(".jpg"))).isEmpty();
        }
    }

    @Test
    void dedupKeepsOneCopyPerLabelAndAReRunFetchesNothing(QuarkusMainLauncher launcher) throws Exception {
        // the fake serves the same bytes at every image URL: every label keeps exactly one of its copies
        Path out = tmp.resolve("out");
        String[] cmd = args(
                "gbif",
                "search",
                "taxonKey=3118771",
                "--label",
                "species",
                "--samples",
                "12",
                "-o",
                out,
                "--seed",
                "5",
                "--dedup",
                "--folds",
                "2",
                "--ood-threshold",
                "0");
        var images = com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/img/.*"));

        LaunchResult r = launcher.launch(cmd);

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        assertThat(gbif.wm().findAll(images)).hasSize(12);
        List<String> meta = Files.readAllLines(out.resolve("metadata.csv"), StandardCharsets.UTF_8);
        List<String> cols = List.of(meta.get(0).split(","));
        Set<String> labels = meta.subList(1, meta.size()).stream()
                .map(l -> row(cols, l).get("label"))
                .collect(Collectors.toCollection(TreeSet::new));
        int dropped = 12 - labels.size();
        assertThat(dropped)
                .as("the sample holds copies within a label (else this test proves nothing)")
                .isPositive();
        assertThat(meta).as("one row per label").hasSize(labels.size() + 1);
        try (Stream<Path> files = Files.walk(out)) {
            assertThat(files.filter(p -> p.toString().endsWith(".jpg"))).hasSize(labels.size());
        }
        List<String> dups = Files.readAllLines(out.resolve("duplicates.csv"), StandardCharsets.UTF_8);
        assertThat(dups.stream().filter(l -> l.contains(",duplicate_in_label,")))
                .hasSize(dropped);
        assertThat(Files.readAllLines(out.resolve("folds.csv"), StandardCharsets.UTF_8))
                .hasSize(labels.size() + 1);
        assertThat(r.getOutput()).contains(dropped + " dropped as duplicates within a label");
        JsonNode status = json(launcher.launch("status", out.toString(), "--json"));
        assertThat(status.get("dropped").asInt()).isEqualTo(dropped);
        assertThat(status.get("done").asInt()).isEqualTo(labels.size());
        assertThat(launcher.launch("verify", out.toString()).exitCode()).isEqualTo(0);

        LaunchResult again = launcher.launch(cmd);

        assertThat(again.exitCode()).as(again.getErrorOutput()).isEqualTo(0);
        assertThat(gbif.wm().findAll(images))
                .as("no image is fetched again, dropped ones included")
                .hasSize(12);
        assertThat(Files.readAllLines(out.resolve("metadata.csv"), StandardCharsets.UTF_8))
                .isEqualTo(meta);
        assertThat(Files.readAllLines(out.resolve("duplicates.csv"), StandardCharsets.UTF_8))
                .isEqualTo(dups);
    }
}
