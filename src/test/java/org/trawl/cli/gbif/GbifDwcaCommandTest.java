package org.trawl.cli.gbif;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.testing.Archives;
import org.trawl.testing.FaultServer;
import org.trawl.testing.TestImages;

/** Drives `trawl gbif dwca` end to end: real archives, a WireMock GBIF/DataCite, images on a loopback server. */
@QuarkusMainTest
class GbifDwcaCommandTest {
    static final String KEY = "0000066-140928181241064";
    static final ObjectMapper JSON = new ObjectMapper();
    FaultServer images;
    WireMockServer api;

    @TempDir
    Path tmp;

    Path out;

    @BeforeEach
    void start() {
        images = FaultServer.start();
        api = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        api.start();
        out = tmp.resolve("out");
    }

    @AfterEach
    void stop() {
        images.close();
        api.stop();
    }

    static String[] args(Object... a) {
        return Stream.of(a).map(String::valueOf).toArray(String[]::new);
    }

    String apiUrl() {
        return "http://127.0.0.1:" + api.port() + "/v1";
    }

    String dataciteUrl() {
        return "http://127.0.0.1:" + api.port() + "/datacite";
    }

    static String sha1(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    /** The real download with its media on the loopback server, every distinct image served. */
    Path realArchiveServed() throws Exception {
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
            String path = u.substring(images.url("").length()).replaceAll("\\?.*", ""); // the server routes by path
            images.image(path, TestImages.jpeg(20 + i, 10 + i, i), "image/jpeg");
            i++;
        }
        return zip;
    }

    /** GBIF's download metadata for KEY, pointing at the archive on the loopback server. */
    String metadata(String key, String status, String link, long size) throws Exception {
        ObjectNode o =
                (ObjectNode) JSON.readTree(getClass().getResourceAsStream("/fixtures/gbif/occ_download_doi/000.json"));
        o.put("key", key).put("status", status).put("downloadLink", link).put("size", size);
        return o.toString();
    }

    String failures() {
        try {
            return Files.readString(out.resolve("failures.csv"));
        } catch (java.io.IOException e) {
            return "";
        }
    }

    @Test
    void realGbifDownloadLandsInLabelFoldersWithMetadata(QuarkusMainLauncher launcher) throws Exception {
        Path zip = realArchiveServed();

        LaunchResult r = launcher.launch(args("gbif", "dwca", zip, "--label", "speciesKey", "-o", out));

        assertThat(r.exitCode()).as(() -> r.getErrorOutput() + failures()).isEqualTo(0);
        // 9 of its 17 image URLs are on occurrences of several species: left out (GbifSharedLabelsTest)
        assertThat(r.getErrorOutput())
                .contains("470 occurrences, 215 media rows -> 6 items")
                .contains("108 of an image shared across labels")
                .contains("95 without label");
        List<String> meta = Files.readAllLines(out.resolve("metadata.csv"));
        assertThat(meta).hasSize(7);
        assertThat(meta.get(0))
                .contains(
                        "gbifID",
                        "datasetKey",
                        "publisher",
                        "speciesKey",
                        "scientificName",
                        "license",
                        "rights_holder");
        try (Stream<Path> files = Files.walk(out)) {
            List<Path> jpgs = files.filter(p -> p.toString().endsWith(".jpg")).toList();
            assertThat(jpgs).hasSize(6);
            for (Path p : jpgs) {
                assertThat(out.relativize(p).getNameCount()).isEqualTo(2);
                assertThat(p.getParent().getFileName().toString()).matches("\\d+");
            }
        }
        // each row names its file by sha1(url) inside the speciesKey folder
        String row = meta.get(1);
        String url = row.split(",")[1];
        assertThat(row.split(",")[0]).endsWith("/" + sha1(url) + ".jpg");

        LaunchResult again = launcher.launch(args("gbif", "dwca", zip, "--label", "speciesKey", "-o", out, "--json"));
        assertThat(again.exitCode()).isEqualTo(0);
        assertThat(JSON.readTree(again.getOutput()).get("skipped").asInt()).isEqualTo(6);
    }

    @Test
    void dedupAndFoldsAfterTheDownload(QuarkusMainLauncher launcher) throws Exception {
        List<Archives.Occ> occ = new java.util.ArrayList<>();
        List<Archives.Media> media = new java.util.ArrayList<>();
        byte[] same = TestImages.jpeg(30, 30, 99);
        for (int i = 1; i <= 8; i++) {
            occ.add(new Archives.Occ("" + i, "A", "a", "CC0_1_0"));
            media.add(new Archives.Media("" + i, "StillImage", images.url("/a" + i + ".jpg"), "", "", ""));
            images.image("/a" + i + ".jpg", i <= 2 ? same : TestImages.jpeg(31, 20 + i, i), "image/jpeg");
        }
        for (int i = 9; i <= 10; i++) {
            occ.add(new Archives.Occ("" + i, "B", "b", "CC0_1_0"));
            media.add(new Archives.Media("" + i, "StillImage", images.url("/b" + i + ".jpg"), "", "", ""));
            images.image("/b" + i + ".jpg", i == 9 ? same : TestImages.jpeg(40, 20, i), "image/jpeg");
        }
        Path zip = Archives.zip(tmp.resolve("p.zip"), Archives.gbif(occ, media));
        String[] cmd =
                args("gbif", "dwca", zip, "--label", "speciesKey", "--dedup", "--folds", "3", "--seed", "4", "-o", out);

        LaunchResult r = launcher.launch(cmd);

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        String a1 = "A/" + sha1(images.url("/a1.jpg")) + ".jpg";
        String a2 = "A/" + sha1(images.url("/a2.jpg")) + ".jpg";
        String b9 = "B/" + sha1(images.url("/b9.jpg")) + ".jpg";
        List<String> dups = Files.readAllLines(out.resolve("duplicates.csv"));
        assertThat(dups)
                .anyMatch(l -> l.contains(a2)
                        && l.contains("duplicate_in_label")
                        && l.endsWith(a1 + "," + images.url("/a2.jpg")));
        assertThat(dups).anyMatch(l -> l.contains(b9) && l.contains("spans_labels"));
        List<String> folds = Files.readAllLines(out.resolve("folds.csv"));
        assertThat(folds.get(0)).isEqualTo("path,label,set");
        assertThat(folds)
                .as("the kept copy stays (gbifxdl dropped every copy)")
                .anyMatch(l -> l.startsWith(a1 + ","))
                .noneMatch(l -> l.startsWith(a2 + ","));
        assertThat(folds.stream().filter(l -> l.startsWith("B/"))).hasSize(2).allMatch(l -> l.endsWith(",test_ood"));
        java.util.Map<String, Long> sizes = new java.util.TreeMap<>();
        folds.stream()
                .filter(l -> l.startsWith("A/"))
                .forEach(l -> sizes.merge(l.substring(l.lastIndexOf(',') + 1), 1L, Long::sum));
        assertThat(sizes).containsOnlyKeys("0", "1", "2");
        assertThat(sizes.values()).containsExactlyInAnyOrder(3L, 2L, 2L);
        assertThat(Files.exists(out.resolve(a2)))
                .as("the copy within a label is deleted (recorded dropped)")
                .isFalse();
        assertThat(out.resolve(b9)).as("a copy spanning labels is kept").exists();

        LaunchResult again = launcher.launch(cmd);
        assertThat(again.exitCode()).isEqualTo(0);
        assertThat(Files.readAllLines(out.resolve("folds.csv")))
                .as("stable across runs")
                .isEqualTo(folds);
    }

    @Test
    void dryRunJsonCapsEachLabel(QuarkusMainLauncher launcher) throws Exception {
        Path zip = Archives.realGbifDownload(tmp, "http://127.0.0.1:9");

        LaunchResult r = launcher.launch(args(
                "gbif",
                "dwca",
                zip,
                "--label",
                "species",
                "--all-media",
                "--max-per-label",
                "1",
                "--dry-run",
                "--json",
                "-o",
                out));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        var plan = JSON.readTree(r.getOutput());
        assertThat(plan.get("items").asInt())
                .isEqualTo(plan.get("labels").size())
                .isGreaterThan(3);
        plan.get("labels").forEach(n -> assertThat(n.asInt()).isEqualTo(1));
    }

    @Test
    void downloadKeyResolvesAtGbifAndTheArchiveResumesWithRange(QuarkusMainLauncher launcher) throws Exception {
        Path zip = Archives.realGbifDownload(tmp, "http://127.0.0.1:9");
        byte[] body = Files.readAllBytes(zip);
        images.sequence(
                "/archive.zip",
                FaultServer.truncated(body, "application/zip", body.length / 2),
                FaultServer.ok(body, "application/zip"));
        api.stubFor(get("/v1/occurrence/download/" + KEY)
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(metadata(KEY, "SUCCEEDED", images.url("/archive.zip"), body.length))));

        LaunchResult r = launcher.launch(args(
                "gbif",
                "dwca",
                KEY,
                "--label",
                "speciesKey",
                "--dry-run",
                "-o",
                out,
                "--gbif-api",
                apiUrl(),
                "--datacite-api",
                dataciteUrl()));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        assertThat(r.getOutput()).contains("plan: 6 items");
        // resumed from the bytes it had kept: up to the half the server sent (how much of it arrived before the
        // connection dropped depends on socket timing, so the exact offset is not fixed)
        List<String> ranges = images.requestHeader("/archive.zip", "Range");
        assertThat(ranges).isNotEmpty();
        String range = ranges.get(ranges.size() - 1);
        assertThat(range).matches("bytes=\\d+-");
        assertThat(Long.parseLong(range.substring(6, range.length() - 1)))
                .isPositive()
                .isLessThanOrEqualTo(body.length / 2);
        assertThat(Files.readAllBytes(out.resolve(".trawl/dwca/" + KEY + ".zip")))
                .isEqualTo(body);
        // gbif-dl sent plain keys to DataCite; trawl asks GBIF only
        api.verify(0, getRequestedFor(urlEqualTo("/datacite/dois/" + KEY)));

        LaunchResult again = launcher.launch(
                args("gbif", "dwca", KEY, "--label", "speciesKey", "--dry-run", "-o", out, "--gbif-api", apiUrl()));
        assertThat(again.exitCode()).isEqualTo(0);
        assertThat(images.hits("/archive.zip"))
                .as("a complete archive is reused")
                .isEqualTo(2);
    }

    @Test
    void aPartialArchiveFromAnEarlierRunIsResumed(QuarkusMainLauncher launcher) throws Exception {
        Path zip = Archives.realGbifDownload(tmp, "http://127.0.0.1:9");
        byte[] body = Files.readAllBytes(zip);
        images.image("/archive.zip", body, "application/zip");
        api.stubFor(get("/v1/occurrence/download/" + KEY)
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(metadata(KEY, "SUCCEEDED", images.url("/archive.zip"), body.length))));
        Path work = Files.createDirectories(out.resolve(".trawl/dwca"));
        int cut = body.length / 3;
        Files.write(work.resolve(KEY + ".zip.part"), java.util.Arrays.copyOf(body, cut));
        Files.writeString(work.resolve(KEY + ".zip.part.validator"), FaultServer.etag(body));

        LaunchResult r = launcher.launch(
                args("gbif", "dwca", KEY, "--label", "speciesKey", "--dry-run", "-o", out, "--gbif-api", apiUrl()));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        assertThat(images.requestHeader("/archive.zip", "Range")).containsExactly("bytes=" + cut + "-");
        assertThat(Files.readAllBytes(work.resolve(KEY + ".zip"))).isEqualTo(body);
        assertThat(work.resolve(KEY + ".zip.part")).doesNotExist();
    }

    @Test
    void doiResolvesThroughGbifsDoiPath(QuarkusMainLauncher launcher) throws Exception {
        Path zip = Archives.realGbifDownload(tmp, "http://127.0.0.1:9");
        byte[] body = Files.readAllBytes(zip);
        images.image("/dl.zip", body, "application/zip");
        api.stubFor(get("/v1/occurrence/download/10.15468/dl.hx3uzz")
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(
                                metadata("0108986-200613084148143", "SUCCEEDED", images.url("/dl.zip"), body.length))));

        LaunchResult r = launcher.launch(args(
                "gbif",
                "dwca",
                "https://doi.org/10.15468/dl.hx3uzz",
                "--label",
                "speciesKey",
                "--dry-run",
                "-o",
                out,
                "--gbif-api",
                apiUrl(),
                "--datacite-api",
                dataciteUrl()));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        assertThat(r.getOutput()).contains("plan: 6 items");
        assertThat(out.resolve(".trawl/dwca/0108986-200613084148143.zip")).exists();
    }

    @Test
    void doiUnknownToGbifFallsBackToDataCite(QuarkusMainLauncher launcher) throws Exception {
        Path zip = Archives.realGbifDownload(tmp, "http://127.0.0.1:9");
        byte[] body = Files.readAllBytes(zip);
        images.image("/dl.zip", body, "application/zip");
        String key = "0108986-200613084148143";
        api.stubFor(get("/v1/occurrence/download/10.15468/dl.hx3uzz")
                .willReturn(aResponse().withStatus(404)));
        api.stubFor(get("/datacite/dois/10.15468/dl.hx3uzz")
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/vnd.api+json")
                        .withBody(
                                "{\"data\":{\"id\":\"10.15468/dl.hx3uzz\",\"attributes\":{\"url\":\"https://www.gbif.org/occurrence/download/"
                                        + key + "\"}}}")));
        api.stubFor(get("/v1/occurrence/download/" + key)
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(metadata(key, "SUCCEEDED", images.url("/dl.zip"), body.length))));

        LaunchResult r = launcher.launch(args(
                "gbif",
                "dwca",
                "doi:10.15468/dl.hx3uzz",
                "--label",
                "speciesKey",
                "--dry-run",
                "-o",
                out,
                "--gbif-api",
                apiUrl(),
                "--datacite-api",
                dataciteUrl()));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        api.verify(1, getRequestedFor(urlEqualTo("/datacite/dois/10.15468/dl.hx3uzz")));
    }

    @Test
    void unfinishedDownloadIsAClearError(QuarkusMainLauncher launcher) throws Exception {
        api.stubFor(get("/v1/occurrence/download/" + KEY)
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(metadata(KEY, "RUNNING", "", 0))));

        LaunchResult r =
                launcher.launch(args("gbif", "dwca", KEY, "--label", "speciesKey", "-o", out, "--gbif-api", apiUrl()));

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.getErrorOutput()).contains("is RUNNING: not ready yet").doesNotContain("Exception");
    }

    @Test
    void badInputIsOneLineAndExitTwo(QuarkusMainLauncher launcher) throws Exception {
        Path zip = Archives.realGbifDownload(tmp, "http://127.0.0.1:9");
        LaunchResult badLabel = launcher.launch(args("gbif", "dwca", zip, "--label", "nope", "-o", out, "--dry-run"));
        assertThat(badLabel.exitCode()).isEqualTo(2);
        assertThat(badLabel.getErrorOutput())
                .contains("--label nope: no such term")
                .contains("speciesKey");

        Path simple = Archives.fixture(tmp, "0009886-250127130748423.zip");
        LaunchResult csv = launcher.launch(args("gbif", "dwca", simple, "--label", "species", "-o", out, "--dry-run"));
        assertThat(csv.exitCode()).isEqualTo(2);
        assertThat(csv.getErrorOutput()).contains("SIMPLE_CSV").contains("no image URLs");

        LaunchResult missing =
                launcher.launch(args("gbif", "dwca", tmp.resolve("none.zip"), "--label", "species", "-o", out));
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.getErrorOutput()).contains("not a GBIF download key or DOI");

        LaunchResult zero =
                launcher.launch(args("gbif", "dwca", zip, "--label", "species", "--max-per-label", "0", "-o", out));
        assertThat(zero.exitCode()).isEqualTo(2);
        api.verify(0, anyRequestedFor(anyUrl()));
    }

    /** The first served image URL of the real archive, by its path on the loopback server. */
    String firstImagePath(Path zip) throws Exception {
        try (ZipFile z = new ZipFile(zip.toFile());
                InputStream in = z.getInputStream(z.getEntry("multimedia.txt"))) {
            String u = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .skip(1)
                    .map(l -> l.split("\t", -1)[3])
                    .filter(x -> !x.isEmpty())
                    .findFirst()
                    .orElseThrow();
            return u.substring(images.url("").length()).replaceAll("\\?.*", "");
        }
    }

    /**
     * A JPEG with whole markers (so the structural check every download gets lets it through) but its scan
     * replaced by garbage, served with a matching Content-Length: only a full decode finds it.
     */
    static byte[] corruptJpeg() {
        return org.trawl.testing.FaultServer.jpegWithGarbageScan(TestImages.jpegWithOwnTables(64, 48, 7), 7);
    }

    // the decode-check tests keep the archive's 15 items (--shared-labels first): its first image, the one
    // they damage, is on occurrences of several species

    @Test
    void decodeCheckFailsAnImageThatDoesNotDecodeAndKeepsItOffTheDataset(QuarkusMainLauncher launcher)
            throws Exception {
        Path zip = realArchiveServed();
        String bad = firstImagePath(zip);
        images.image(bad, corruptJpeg(), "image/jpeg");

        LaunchResult r = launcher.launch(args(
                "gbif", "dwca", zip, "--label", "speciesKey", "-o", out, "--decode-check", "--shared-labels", "first"));

        assertThat(r.exitCode()).as(() -> r.getErrorOutput() + failures()).isEqualTo(3);
        assertThat(failures()).contains(bad).contains("does not decode");
        List<String> meta = Files.readAllLines(out.resolve("metadata.csv"));
        assertThat(meta).hasSize(15).noneMatch(l -> l.contains(bad));
        try (Stream<Path> files = Files.walk(out)) {
            assertThat(files.filter(p -> p.toString().endsWith(".jpg")).count()).isEqualTo(14);
        }

        // a re-run retries nothing good and still refuses the damaged image
        LaunchResult again = launcher.launch(args(
                "gbif",
                "dwca",
                zip,
                "--label",
                "speciesKey",
                "-o",
                out,
                "--decode-check",
                "--json",
                "--shared-labels",
                "first"));
        assertThat(again.exitCode()).isEqualTo(3);
        assertThat(JSON.readTree(again.getOutput()).get("skipped").asInt()).isEqualTo(14);
    }

    @Test
    void withoutDecodeCheckTheSameDamagedImageIsKept(QuarkusMainLauncher launcher) throws Exception {
        Path zip = realArchiveServed();
        images.image(firstImagePath(zip), corruptJpeg(), "image/jpeg");

        LaunchResult r = launcher.launch(
                args("gbif", "dwca", zip, "--label", "speciesKey", "-o", out, "--shared-labels", "first"));

        assertThat(r.exitCode()).as(() -> r.getErrorOutput() + failures()).isEqualTo(0);
        assertThat(Files.readAllLines(out.resolve("metadata.csv"))).hasSize(16);
    }

    @Test
    void decodeCheckLetsAFormatTheDecoderDoesNotReadPassWithANote(QuarkusMainLauncher launcher) throws Exception {
        Path zip = realArchiveServed();
        java.io.ByteArrayOutputStream gif = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(
                new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB), "gif", gif);
        images.image(firstImagePath(zip), gif.toByteArray(), "image/gif");

        LaunchResult r = launcher.launch(args(
                "gbif", "dwca", zip, "--label", "speciesKey", "-o", out, "--decode-check", "--shared-labels", "first"));

        assertThat(r.exitCode()).as(() -> r.getErrorOutput() + failures()).isEqualTo(0);
        List<String> meta = Files.readAllLines(out.resolve("metadata.csv"));
        assertThat(meta).hasSize(16);
        assertThat(meta)
                .filteredOn(l -> l.contains(".gif,"))
                .singleElement()
                .asString()
                .contains("decode check skipped: gif is not supported");
    }

    @Test
    void balancedStreamsAreReproducibleWithTheSeed(QuarkusMainLauncher launcher) throws Exception {
        Path zip = realArchiveServed();
        List<List<String>> runs = new java.util.ArrayList<>();
        for (String[] run : List.of(new String[] {"a", "3"}, new String[] {"b", "3"}, new String[] {"c", "4"})) {
            Path dir = tmp.resolve(run[0]);
            LaunchResult r = launcher.launch(args(
                    "gbif",
                    "dwca",
                    zip,
                    "--label",
                    "speciesKey",
                    "-o",
                    dir,
                    "--split-streams-by",
                    "countryCode",
                    "--samples",
                    "5",
                    "--seed",
                    run[1],
                    "--shared-labels", // keeps the archive's 15 items (GbifSharedLabelsTest)
                    "first",
                    "-q"));
            assertThat(r.exitCode()).as(r::getErrorOutput).isEqualTo(0);
            List<String> rows = Files.readAllLines(dir.resolve("metadata.csv"));
            assertThat(rows).hasSize(6);
            runs.add(rows.subList(1, rows.size()).stream()
                    .map(l -> l.split(",")[1])
                    .sorted()
                    .toList());
        }
        assertThat(runs.get(0)).isEqualTo(runs.get(1));
        assertThat(runs.get(0)).isNotEqualTo(runs.get(2));
    }

    /** The real archive with every media row's licence set to {@code licence}. */
    Path withMediaLicence(String licence) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("licence-" + Integer.toHexString(licence.hashCode())));
        Path zip = Archives.realGbifDownload(dir, "http://127.0.0.1:9");
        Path out = dir.resolve("rewritten.zip");
        return Archives.rewrite(zip, out, "multimedia.txt", l -> {
            String[] c = l.split("\t", -1);
            if (!c[0].equals("gbifID")) {
                c[13] = licence; // the license column
            }
            return String.join("\t", c);
        });
    }

    @Test
    void whatTheLicenceFilterLeftOutIsListedInFilteredCsvWithItsLabel(QuarkusMainLauncher launcher) throws Exception {
        // every other media row NC: --license CC-BY refuses exactly those, and filtered.csv names each one
        Path dir = Files.createDirectories(tmp.resolve("filtered"));
        Path zip = Archives.realGbifDownload(dir, "http://127.0.0.1:9");
        List<String> refused = new java.util.ArrayList<>();
        int[] row = {0};
        Path mixed = Archives.rewrite(zip, dir.resolve("mixed.zip"), "multimedia.txt", l -> {
            String[] c = l.split("\t", -1);
            if (!c[0].equals("gbifID")) {
                boolean nc = row[0]++ % 2 == 0;
                c[13] = nc
                        ? "http://creativecommons.org/licenses/by-nc/4.0/"
                        : "http://creativecommons.org/licenses/by/4.0/";
                if (nc && c[3].startsWith("http")) {
                    refused.add(c[3]); // the identifier column
                }
            }
            return String.join("\t", c);
        });
        LaunchResult r = launcher.launch(args(
                "gbif",
                "dwca",
                mixed,
                "--label",
                "speciesKey",
                "--all-media",
                "--license",
                "CC-BY",
                "-o",
                out,
                "--retries",
                "0"));
        assertThat(r.getErrorOutput()).doesNotContain("Exception");
        Path filtered = out.resolve("filtered.csv");
        assertThat(filtered).exists();
        List<String> lines = Files.readAllLines(filtered);
        assertThat(lines.get(0)).isEqualTo("url,label,reason,value");
        assertThat(lines.subList(1, lines.size()))
                .allSatisfy(l ->
                        assertThat(l).matches("http[^,]+,\\d+,license,http://creativecommons.org/licenses/by-nc/4.0/"));
        assertThat(lines.subList(1, lines.size()).stream()
                        .map(l -> l.substring(0, l.indexOf(',')))
                        .toList())
                .isNotEmpty()
                .isSubsetOf(refused);
    }

    long planned(QuarkusMainLauncher launcher, Path zip, String licence) throws Exception {
        LaunchResult r = launcher.launch(args(
                "gbif",
                "dwca",
                zip,
                "--label",
                "speciesKey",
                "--all-media",
                "--license",
                licence,
                "-o",
                out,
                "--dry-run",
                "--json"));
        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        String o = r.getOutput();
        return JSON.readTree(o.substring(o.indexOf('{'))).get("items").asLong();
    }

    @Test
    void theLicenceFilterTakesTheSameSpellingsAsSearchAndFreeTextNamingNoLicenceNeverMatches(
            QuarkusMainLauncher launcher) throws Exception {
        Path sa = withMediaLicence("henryb68 (cc-by-sa)"); // a real media licence from the recorded search pages
        LaunchResult all = launcher.launch(
                args("gbif", "dwca", sa, "--label", "speciesKey", "--all-media", "-o", out, "--dry-run", "--json"));
        long every = JSON.readTree(all.getOutput().substring(all.getOutput().indexOf('{')))
                .get("items")
                .asLong();
        assertThat(every).isPositive();
        assertThat(planned(launcher, sa, "cc-by-sa")).isEqualTo(every);
        assertThat(planned(launcher, sa, "CC-BY")).isZero();
        assertThat(planned(launcher, sa, "CC_BY_SA_4_0"))
                .as("a versioned code needs a known version")
                .isZero();

        Path by4 = withMediaLicence("http://creativecommons.org/licenses/by/4.0/deed.en_US");
        assertThat(planned(launcher, by4, "CC_BY_4_0")).isEqualTo(every);
        assertThat(planned(launcher, by4, "https://creativecommons.org/licenses/by/4.0"))
                .isEqualTo(every);
        assertThat(planned(launcher, by4, "CC-BY")).isEqualTo(every);
        assertThat(planned(launcher, by4, "CC_BY_NC_4_0")).isZero();

        Path reserved = withMediaLicence("All Rights Reserved"); // as in the real archive's multimedia.txt
        assertThat(planned(launcher, reserved, "CC0,PD,CC-BY,CC-BY-SA,CC-BY-NC,CC-BY-NC-SA,CC-BY-ND,CC-BY-NC-ND"))
                .isZero();

        LaunchResult bad = launcher.launch(
                args("gbif", "dwca", sa, "--label", "speciesKey", "--license", "CC-BY,open", "-o", out, "--dry-run"));
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.getErrorOutput().strip())
                .contains("--license: unknown licence 'open'")
                .contains("CC-BY-NC-ND")
                .contains("CC_BY_4_0")
                .doesNotContain("Exception");
        // the packaged app (GbifDwcaCommandIT) also logs its start and stop lines: those are not the message
        assertThat(bad.getErrorOutput()
                        .strip()
                        .lines()
                        .filter(
                                l -> !l.matches(
                                        "trawl: (trawl .* started in .*|Profile prod activated\\. ?|Installed features: .*|trawl stopped in .*)"))
                        .count())
                .isEqualTo(1);
    }

    @Test
    void theArchiveFollowsGbifsRedirectToItsStorageHost(QuarkusMainLauncher launcher) throws Exception {
        Path zip = Archives.realGbifDownload(tmp, "http://127.0.0.1:9");
        byte[] body = Files.readAllBytes(zip);
        images.image("/archive.zip", body, "application/zip");
        String link = apiUrl() + "/occurrence/download/request/" + KEY + ".zip";
        api.stubFor(get("/v1/occurrence/download/request/" + KEY + ".zip")
                .willReturn(aResponse().withStatus(302).withHeader("Location", images.url("/archive.zip"))));
        api.stubFor(get("/v1/occurrence/download/" + KEY)
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(metadata(KEY, "SUCCEEDED", link, body.length))));

        LaunchResult r = launcher.launch(
                args("gbif", "dwca", KEY, "--label", "speciesKey", "--dry-run", "-o", out, "--gbif-api", apiUrl()));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        assertThat(images.hits("/archive.zip")).isEqualTo(1);
        assertThat(Files.readAllBytes(out.resolve(".trawl/dwca/" + KEY + ".zip")))
                .isEqualTo(body);
    }

    @Test
    void aKeyFromGbifThatIsNotAKeyNamesNoFile(QuarkusMainLauncher launcher) throws Exception {
        // the status reply's "key" becomes <key>.zip: a forged reply must not write outside the work folder
        byte[] body = Files.readAllBytes(Archives.realGbifDownload(tmp, "http://127.0.0.1:9"));
        images.image("/archive.zip", body, "application/zip");
        Path abs = tmp.resolve("elsewhere/abs");
        for (String forged : new String[] {"../../../escaped", abs.toString(), "0000066-1\0x"}) {
            api.resetAll();
            api.stubFor(get("/v1/occurrence/download/" + KEY)
                    .willReturn(aResponse()
                            .withHeader("Content-Type", "application/json")
                            .withBody(metadata(forged, "SUCCEEDED", images.url("/archive.zip"), body.length))));

            LaunchResult r = launcher.launch(
                    args("gbif", "dwca", KEY, "--label", "speciesKey", "--dry-run", "-o", out, "--gbif-api", apiUrl()));

            assertThat(r.exitCode()).as(forged + ": " + r.getErrorOutput()).isEqualTo(2);
            String shown = forged.replace("\0", "\\u0000"); // a NUL is shown, not printed
            assertThat(r.getErrorOutput())
                    .contains("download key '" + shown + "'")
                    .doesNotContain("Exception");
            assertThat(images.hits("/archive.zip"))
                    .as("nothing was fetched for " + forged)
                    .isZero();
        }
        try (Stream<Path> s = Files.walk(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.contains("escaped") || n.startsWith("abs")))
                    .as("no file named after a forged key")
                    .isEmpty();
        }
        assertThat(tmp.resolve("elsewhere")).doesNotExist();
    }
}
