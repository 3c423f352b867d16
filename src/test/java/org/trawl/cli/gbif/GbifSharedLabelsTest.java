package org.trawl.cli.gbif;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.trawl.testing.Archives;
import org.trawl.testing.FaultServer;
import org.trawl.testing.GbifFake;
import org.trawl.testing.TestImages;

/**
 * One image carried by occurrences of different species (--shared-labels), driven from the command line:
 * the recorded KU entomology download (17 image URLs on 215 media rows, 9 of them on occurrences of 2 to 9
 * species), what lands on disk, in duplicates.csv and in the --dry-run counts.
 */
@QuarkusMainTest
class GbifSharedLabelsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    FaultServer images;
    Path out;

    @BeforeEach
    void start() {
        images = FaultServer.start();
        out = tmp.resolve("out");
    }

    @AfterEach
    void stop() {
        images.close();
    }

    static String[] args(Object... a) {
        return Stream.of(a).map(String::valueOf).toArray(String[]::new);
    }

    /** The KU download with every one of its images on the loopback server. */
    Path kuArchiveServed() throws Exception {
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
            String path = u.substring(images.url("").length()).replaceAll("\\?.*", ""); // routed by path
            images.image(path, TestImages.jpeg(20 + i, 10 + i, i), "image/jpeg");
            i++;
        }
        return zip;
    }

    static Map<String, Long> labels(JsonNode plan) {
        Map<String, Long> m = new TreeMap<>();
        plan.get("labels")
                .fields()
                .forEachRemaining(e -> m.put(e.getKey(), e.getValue().asLong()));
        return m;
    }

    @Test
    void anImageOfSeveralSpeciesIsLeftOutListedAndCounted(QuarkusMainLauncher launcher) throws Exception {
        Path zip = kuArchiveServed();

        LaunchResult plan =
                launcher.launch(args("gbif", "dwca", zip, "--label", "speciesKey", "--dry-run", "--json", "-o", out));

        assertThat(plan.exitCode()).as(plan.getErrorOutput()).isEqualTo(0);
        JsonNode p = JSON.readTree(plan.getOutput());
        assertThat(p.get("items").asLong()).isEqualTo(6);
        assertThat(labels(p)).isEqualTo(Map.of("2729985", 3L, "3131479", 1L, "4037354", 1L, "4058851", 1L));
        assertThat(p.get("shared_across_labels").asLong()).isEqualTo(9);
        assertThat(p.get("shared_across_labels_left_out").asLong()).isEqualTo(9);

        LaunchResult text = launcher.launch(args("gbif", "dwca", zip, "--label", "speciesKey", "--dry-run", "-o", out));
        assertThat(text.getOutput())
                .contains("plan: 6 items")
                .contains("9 images shared across labels (records with different labels carry them): all left out");
        assertThat(text.getErrorOutput())
                .contains("dwca: 9 image URLs are carried by occurrences with different labels")
                .containsPattern("dwca: media rows left out: .*\\d+ of an image shared across labels");

        LaunchResult r = launcher.launch(args("gbif", "dwca", zip, "--label", "speciesKey", "-o", out));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        assertThat(Files.readAllLines(out.resolve("metadata.csv"))).hasSize(7);
        List<String> dups = Files.readAllLines(out.resolve("duplicates.csv"));
        assertThat(dups.get(0)).isEqualTo("sha256,path,label,kind,kept_or_labels,url");
        assertThat(dups.subList(1, dups.size())).hasSize(9).allMatch(l -> l.startsWith(",,,shared_across_labels,"));
        assertThat(dups)
                .contains(
                        ",,,shared_across_labels,1340467|1340421|1355850|1340347|1340393|5039198|1358042|5038677|1357501,"
                                + images.url("") + "/static/Entomology/originals/sp64073344132721992399.att.JPG")
                .contains(",,,shared_across_labels,1355470|1350128," + images.url("")
                        + "/static/Entomology/originals/sp6859193655947326689.att.JPG");

        LaunchResult dedup = launcher.launch(args("gbif", "dwca", zip, "--label", "speciesKey", "--dedup", "-o", out));
        assertThat(dedup.exitCode()).as(dedup.getErrorOutput()).isEqualTo(0);
        assertThat(Files.readAllLines(out.resolve("duplicates.csv")))
                .as("--dedup rewrites the file and keeps listing them")
                .isEqualTo(dups);
    }

    @Test
    void firstAndAllKeepItUnderTheFirstOrEveryLabel(QuarkusMainLauncher launcher) throws Exception {
        Path zip = kuArchiveServed();

        LaunchResult first = launcher.launch(args(
                "gbif",
                "dwca",
                zip,
                "--label",
                "speciesKey",
                "--shared-labels",
                "first",
                "--dry-run",
                "--json",
                "-o",
                out));
        LaunchResult all = launcher.launch(args(
                "gbif",
                "dwca",
                zip,
                "--label",
                "speciesKey",
                "--shared-labels",
                "ALL",
                "--dry-run",
                "--json",
                "-o",
                out));

        assertThat(first.exitCode()).as(first.getErrorOutput()).isEqualTo(0);
        JsonNode f = JSON.readTree(first.getOutput());
        assertThat(f.get("items").asLong()).isEqualTo(15);
        assertThat(labels(f)).hasSize(11).containsEntry("1355470", 2L).containsEntry("1340467", 2L);
        assertThat(f.get("shared_across_labels").asLong()).isEqualTo(9);
        assertThat(f.get("shared_across_labels_left_out").asLong()).isEqualTo(0);
        assertThat(all.exitCode()).as(all.getErrorOutput()).isEqualTo(0);
        JsonNode a = JSON.readTree(all.getOutput());
        assertThat(a.get("items").asLong())
                .as("44 URL-label pairs, one occurrence gives one of its two")
                .isEqualTo(43);
        assertThat(labels(a)).hasSize(34).containsEntry("1340467", 4L).containsEntry("2729985", 3L);

        LaunchResult r = launcher.launch(
                args("gbif", "dwca", zip, "--label", "speciesKey", "--shared-labels", "all", "-o", out));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        String url = images.url("") + "/static/Entomology/originals/sp6859193655947326689.att.JPG";
        List<String> meta = Files.readAllLines(out.resolve("metadata.csv"));
        assertThat(meta).hasSize(44);
        assertThat(meta.stream().filter(l -> l.contains("," + url + ",")))
                .as("one file per label, distinct paths")
                .hasSize(2)
                .anyMatch(l -> l.startsWith("1355470/"))
                .anyMatch(l -> l.startsWith("1350128/"));
        assertThat(Files.readAllLines(out.resolve("duplicates.csv")))
                .contains(",,1355470|1350128,shared_across_labels,1355470|1350128," + url);
    }

    @Test
    void anUnknownChoiceIsAUsageError(QuarkusMainLauncher launcher) {
        LaunchResult r = launcher.launch(
                args("gbif", "dwca", "x.zip", "--label", "speciesKey", "--shared-labels", "some", "-o", out));

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.getErrorOutput().strip())
                .isEqualTo("trawl: --shared-labels: unknown value 'some' (one of drop, first, all)");
    }

    /**
     * The recorded search pages, where occurrence 2 (month 1) and occurrence 171 (month 2, the 10th of its
     * month) now name two other species and carry one image, the same URL.
     */
    GbifFake searchWithASharedImage() {
        GbifFake gbif = GbifFake.start().withRecordedOccurrences();
        String url = "http://127.0.0.1:" + gbif.wm().port() + "/img/drawer/12.jpg";
        share(gbif.occurrences.get(1), "Xus alpha", 9001, url);
        share(gbif.occurrences.get(170), "Yus beta", 9002, url);
        return gbif;
    }

    static void share(ObjectNode occ, String species, int key, String url) {
        occ.put("species", species).put("speciesKey", key);
        ArrayNode media = occ.putArray("media");
        media.addObject().put("type", "StillImage").put("format", "image/jpeg").put("identifier", url);
    }

    String[] search(GbifFake gbif, Object... a) {
        List<String> l = new java.util.ArrayList<>(List.of(
                "gbif",
                "search",
                "taxonKey=3118771",
                "--label",
                "species",
                "--gbif-api",
                gbif.api(),
                "-o",
                out.toString()));
        Stream.of(a).map(String::valueOf).forEach(l::add);
        return l.toArray(String[]::new);
    }

    @Test
    void aSearchJudgesAnImageByEveryOccurrenceThatCarriesIt(QuarkusMainLauncher launcher) throws Exception {
        try (GbifFake gbif = searchWithASharedImage()) {
            LaunchResult drop = launcher.launch(search(gbif, "--dry-run", "--json"));
            LaunchResult first = launcher.launch(search(gbif, "--dry-run", "--json", "--shared-labels", "first"));
            LaunchResult all = launcher.launch(search(gbif, "--dry-run", "--json", "--shared-labels", "all"));

            assertThat(drop.exitCode()).as(drop.getErrorOutput()).isEqualTo(0);
            JsonNode d = JSON.readTree(drop.getOutput());
            assertThat(labels(d)).isEqualTo(Map.of("Encelia californica", 710L));
            assertThat(d.get("shared_across_labels").asLong()).isEqualTo(1);
            assertThat(d.get("shared_across_labels_left_out").asLong()).isEqualTo(1);
            assertThat(labels(JSON.readTree(first.getOutput())))
                    .isEqualTo(Map.of("Encelia californica", 710L, "Xus alpha", 1L));
            assertThat(labels(JSON.readTree(all.getOutput())))
                    .isEqualTo(Map.of("Encelia californica", 710L, "Xus alpha", 1L, "Yus beta", 1L));

            LaunchResult r = launcher.launch(search(gbif));

            assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
            String url = "http://127.0.0.1:" + gbif.wm().port() + "/img/drawer/12.jpg";
            assertThat(Files.readString(out.resolve("metadata.csv"))).doesNotContain(url);
            assertThat(Files.readAllLines(out.resolve("duplicates.csv")))
                    .containsExactly(
                            "sha256,path,label,kind,kept_or_labels,url",
                            ",,,shared_across_labels,Xus alpha|Yus beta," + url);
        }
    }

    @Test
    void balancedSearchStreamsGiveTheirCountsWithoutTheSharedImage(QuarkusMainLauncher launcher) throws Exception {
        try (GbifFake gbif = searchWithASharedImage()) {
            gbif.maxPage = 5; // the month-2 occurrence is read only once the month-1 one may have been drawn

            LaunchResult r = launcher.launch(search(
                    gbif,
                    "month=1",
                    "month=2",
                    "--split-streams-by",
                    "month",
                    "--samples",
                    "20",
                    "--seed",
                    "1",
                    "--dry-run",
                    "--json"));

            assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
            JsonNode p = JSON.readTree(r.getOutput());
            assertThat(labels(p)).isEqualTo(Map.of("Encelia californica", 20L));
            assertThat(p.get("streams"))
                    .hasSize(2)
                    .allSatisfy(st -> assertThat(st.get("taken").asLong()).isEqualTo(10));
            assertThat(p.get("shared_across_labels").asLong()).isEqualTo(1);
        }
    }
}
