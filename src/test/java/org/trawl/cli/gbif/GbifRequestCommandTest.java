package org.trawl.cli.gbif;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.testing.FaultServer;
import org.trawl.testing.GbifFake;

/** `trawl gbif request` and `trawl gbif status` against the recorded download-API answers. */
@QuarkusMainTest
@TestProfile(GbifRequestCommandTest.WithPassword.class)
class GbifRequestCommandTest {
    static final String KEY = "0026011-250827131500795";
    static final String SECRET = "s3cr3t-Pa55word";
    static final String WAIT = "/fixtures/gbif/occ_download_wait_request/";
    GbifFake gbif;
    WireMockServer wm;

    @TempDir
    Path tmp;

    @BeforeEach
    void start() {
        gbif = GbifFake.start();
        wm = gbif.wm();
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

    /** GBIF_PASSWORD as the app reads it (the environment source of MicroProfile Config). */
    public static class WithPassword implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gbif.password", SECRET);
        }
    }

    Path predicateFile() throws Exception {
        JsonNode recorded = GbifFake.JSON
                .readTree(GbifFake.resource("/fixtures/gbif/occ_download_1/index.json"))
                .get("responses")
                .get(0)
                .get("request_body");
        Path p = tmp.resolve("predicate.json");
        Files.writeString(
                p, GbifFake.JSON.readTree(recorded.asText()).get("predicate").toString());
        return p;
    }

    void acceptRequest() {
        wm.stubFor(post(urlPathEqualTo("/v1/occurrence/download/request"))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody(GbifFake.resource(WAIT + "000.txt"))));
    }

    /** The 56 recorded polls PREPARING → RUNNING → SUCCEEDED, with a 503 and a reset among them. */
    void recordedPolls() {
        String path = "/v1/occurrence/download/" + KEY;
        String state = Scenario.STARTED;
        int step = 0;
        for (int i = 1; i <= 56; i++) {
            if (i == 10 || i == 30) {
                String next = "s" + (++step);
                wm.stubFor(get(urlPathEqualTo(path))
                        .inScenario("poll")
                        .whenScenarioStateIs(state)
                        .willSetStateTo(next)
                        .willReturn(
                                i == 10
                                        ? aResponse().withStatus(503).withHeader("Retry-After", "0")
                                        : aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
                state = next;
            }
            String next = "s" + (++step);
            wm.stubFor(get(urlPathEqualTo(path))
                    .inScenario("poll")
                    .whenScenarioStateIs(state)
                    .willSetStateTo(next)
                    .willReturn(aResponse()
                            .withStatus(200)
                            .withHeader("Content-Type", "application/json")
                            .withBody(GbifFake.resource(WAIT + String.format("%03d.json", i)))));
            state = next;
        }
    }

    @Test
    void requestsWaitsPatientlyAndResumesTheArchiveDownload(QuarkusMainLauncher launcher) throws Exception {
        acceptRequest();
        recordedPolls();
        byte[] zip = new byte[8_329_717]; // the size the SUCCEEDED status announces
        new Random(1).nextBytes(zip);
        String zipPath = "/v1/occurrence/download/request/" + KEY + ".zip";
        int had = 3_000_000;
        wm.stubFor(get(urlPathEqualTo(zipPath))
                .withHeader("Range", absent())
                .willReturn(aResponse().withStatus(200).withBody(zip)));
        wm.stubFor(get(urlPathEqualTo(zipPath))
                .withHeader("Range", equalTo("bytes=" + had + "-"))
                .willReturn(aResponse()
                        .withStatus(206)
                        .withHeader("Content-Range", "bytes " + had + "-" + (zip.length - 1) + "/" + zip.length)
                        .withBody(Arrays.copyOfRange(zip, had, zip.length))));
        Path out = tmp.resolve("dl");
        Files.createDirectories(out);
        Files.write(out.resolve(KEY + ".zip.part"), Arrays.copyOf(zip, had)); // an earlier run was cut off

        LaunchResult r = launcher.launch(args(
                "gbif",
                "request",
                predicateFile(),
                "--user",
                "alice",
                "--download",
                "--poll-interval",
                "1ms",
                "-o",
                out));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        assertThat(r.getOutput()).contains(KEY);
        assertThat(r.getOutput() + r.getErrorOutput()).doesNotContain(SECRET);
        try (Stream<Path> files = Files.walk(tmp)) { // nothing written to disk holds the password either
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1))
                        .as(p.toString())
                        .doesNotContain(SECRET);
            }
        }
        LoggedRequest req = wm.findAll(postRequestedFor(urlPathEqualTo("/v1/occurrence/download/request")))
                .get(0);
        assertThat(req.getHeader("Authorization"))
                .isEqualTo("Basic "
                        + Base64.getEncoder().encodeToString(("alice:" + SECRET).getBytes(StandardCharsets.UTF_8)));
        JsonNode body = GbifFake.JSON.readTree(req.getBodyAsString());
        assertThat(body.get("creator").asText()).isEqualTo("alice");
        assertThat(body.get("format").asText()).isEqualTo("DWCA");
        assertThat(body.get("predicate")).isEqualTo(GbifFake.JSON.readTree(Files.readString(predicateFile())));
        assertThat(wm.findAll(getRequestedFor(urlPathEqualTo("/v1/occurrence/download/" + KEY))))
                .hasSize(58);
        assertThat(r.getErrorOutput())
                .contains("PREPARING", "RUNNING", "SUCCEEDED", "10.15468/dl.np3k7j")
                .contains("trawl gbif dwca " + out.resolve(KEY + ".zip"));
        assertThat(Files.readAllBytes(out.resolve(KEY + ".zip"))).isEqualTo(zip);
        assertThat(out.resolve(KEY + ".zip.part")).doesNotExist();
        assertThat(out.resolve(KEY + ".zip.lock"))
                .as("no lock file left beside the archive")
                .doesNotExist();
        assertThat(wm.findAll(getRequestedFor(urlPathEqualTo(zipPath))))
                .singleElement()
                .satisfies(z -> assertThat(z.getHeader("Range")).isEqualTo("bytes=" + had + "-"));
    }

    /** gbif dwca refuses every format but DWCA: the hint after a SIMPLE_PARQUET download must not send users there. */
    @Test
    void anotherFormatThanDwcaIsNotSentOnToGbifDwca(QuarkusMainLauncher launcher) throws Exception {
        acceptRequest();
        String done =
                GbifFake.resource(WAIT + "056.json").replace("\"format\":\"DWCA\"", "\"format\":\"SIMPLE_PARQUET\"");
        assertThat(done).contains("SIMPLE_PARQUET");
        wm.stubFor(get(urlPathEqualTo("/v1/occurrence/download/" + KEY))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(done)));
        byte[] zip = new byte[8_329_717];
        wm.stubFor(get(urlPathEqualTo("/v1/occurrence/download/request/" + KEY + ".zip"))
                .willReturn(aResponse().withStatus(200).withBody(zip)));
        Path out = tmp.resolve("dl");

        LaunchResult r = launcher.launch(args(
                "gbif",
                "request",
                predicateFile(),
                "--user",
                "alice",
                "--format",
                "SIMPLE_PARQUET",
                "--download",
                "--poll-interval",
                "1ms",
                "-o",
                out));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        assertThat(out.resolve(KEY + ".zip")).hasSize(zip.length);
        assertThat(r.getErrorOutput())
                .doesNotContain("next: trawl gbif dwca")
                .contains("SIMPLE_PARQUET download has no media URLs", "--format DWCA");
        assertThat(out.resolve(KEY + ".zip.lock")).doesNotExist();
    }

    @Test
    void aFullRequestBodyKeepsItsFieldsAndTheUserFillsTheCreator(QuarkusMainLauncher launcher) throws Exception {
        acceptRequest();
        Path f = tmp.resolve("body.json");
        Files.writeString(
                f,
                "{\"creator\":\"someone\",\"format\":\"SIMPLE_CSV\",\"notification_address\":[\"a@b.org\"],"
                        + "\"predicate\":{\"type\":\"equals\",\"key\":\"TAXON_KEY\",\"value\":\"212\"}}");

        LaunchResult r = launcher.launch(args("gbif", "request", f, "--user", "bob"));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        assertThat(r.getOutput().strip()).endsWith(KEY);
        JsonNode body =
                GbifFake.JSON.readTree(wm.findAll(postRequestedFor(urlPathEqualTo("/v1/occurrence/download/request")))
                        .get(0)
                        .getBodyAsString());
        assertThat(body.get("creator").asText()).isEqualTo("bob");
        assertThat(body.get("format").asText()).isEqualTo("SIMPLE_CSV");
        assertThat(body.get("notification_address").get(0).asText()).isEqualTo("a@b.org");
        assertThat(body.get("predicate").get("value").asText()).isEqualTo("212");
    }

    @Test
    void aRequestKeyThatIsNotAKeyIsRefusedBeforeItIsShownOrUsed(QuarkusMainLauncher launcher) throws Exception {
        // the key GBIF answers the request with names OUT/<key>.zip and is printed for scripts to read
        for (String forged : new String[] {"../../../escaped-request", "\u001b[2J0026011-1"}) {
            wm.stubFor(post(urlPathEqualTo("/v1/occurrence/download/request"))
                    .willReturn(aResponse()
                            .withStatus(201)
                            .withHeader("Content-Type", "application/json")
                            .withBody(forged)));

            LaunchResult r = launcher.launch(
                    args("gbif", "request", predicateFile(), "--user", "alice", "--download", "-o", tmp.resolve("dl")));

            assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(2);
            assertThat(r.getErrorOutput())
                    .contains("download key '" + forged.replace("\u001b", "\\u001b") + "'")
                    .doesNotContain("\u001b")
                    .doesNotContain("Exception");
            assertThat(r.getOutput()).doesNotContain("escaped").doesNotContain("\u001b");
        }
        try (Stream<Path> s = Files.walk(tmp)) {
            assertThat(s.filter(p -> p.getFileName().toString().contains("escaped")))
                    .isEmpty();
        }
    }

    @Test
    void wrongCredentialsAndTooManyDownloadsGetClearMessages(QuarkusMainLauncher launcher) throws Exception {
        wm.stubFor(post(urlPathEqualTo("/v1/occurrence/download/request"))
                .willReturn(aResponse().withStatus(401).withBody("Failed to authenticate user alice\r\n")));
        LaunchResult unauthorised = launcher.launch(args("gbif", "request", predicateFile(), "--user", "alice"));
        assertThat(unauthorised.exitCode()).isEqualTo(2);
        assertThat(unauthorised.getErrorOutput())
                .contains("refused the user name or password", "401")
                .doesNotContain(SECRET)
                .doesNotContain("Exception");

        wm.stubFor(post(urlPathEqualTo("/v1/occurrence/download/request"))
                .willReturn(aResponse().withStatus(420)));
        LaunchResult calm = launcher.launch(args("gbif", "request", predicateFile(), "--user", "alice"));
        assertThat(calm.exitCode()).isEqualTo(1);
        assertThat(calm.getErrorOutput()).contains("too many downloads", "420");

        wm.stubFor(post(urlPathEqualTo("/v1/occurrence/download/request"))
                .willReturn(aResponse().withStatus(429)));
        LaunchResult limited = launcher.launch(args("gbif", "request", predicateFile(), "--user", "alice"));
        assertThat(limited.exitCode()).isEqualTo(1);
        assertThat(limited.getErrorOutput()).contains("429", "wait");
        assertThat(wm.findAll(postRequestedFor(urlPathEqualTo("/v1/occurrence/download/request"))))
                .hasSize(3);
    }

    @Test
    void badInputIsAUsageError(QuarkusMainLauncher launcher) throws Exception {
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{\"type\": ");
        LaunchResult notJson = launcher.launch(args("gbif", "request", bad, "--user", "alice"));
        assertThat(notJson.exitCode()).isEqualTo(2);
        assertThat(notJson.getErrorOutput()).contains("not valid JSON");

        LaunchResult noUser = launcher.launch(args("gbif", "request", predicateFile()));
        assertThat(noUser.exitCode()).isEqualTo(2);
        assertThat(noUser.getErrorOutput()).contains("--user");
        assertThat(wm.getAllServeEvents()).isEmpty();
    }

    @Test
    void statusByKeyAndByDoi(QuarkusMainLauncher launcher) {
        wm.stubFor(get(urlPathEqualTo("/v1/occurrence/download/" + KEY))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(GbifFake.resource(WAIT + "024.json"))));
        wm.stubFor(get(urlPathEqualTo("/v1/occurrence/download/10.15468/dl.hx3uzz"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(GbifFake.resource("/fixtures/gbif/occ_download_doi/000.json"))));

        LaunchResult byKey = launcher.launch(args("gbif", "status", KEY));
        assertThat(byKey.exitCode()).as(byKey.getErrorOutput()).isEqualTo(0);
        assertThat(byKey.getOutput()).contains("status:   RUNNING").contains("records:  22235");

        LaunchResult byDoi = launcher.launch(args("gbif", "status", "https://doi.org/10.15468/dl.hx3uzz", "--json"));
        assertThat(byDoi.exitCode()).as(byDoi.getErrorOutput()).isEqualTo(0);
        assertThat(byDoi.getOutput()).contains("\"key\":\"0108986-200613084148143\"", "\"status\":\"SUCCEEDED\"");

        LaunchResult unknown = launcher.launch(args("gbif", "status", "0000000-000000000000000"));
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.getErrorOutput()).contains("no download");
    }

    @Test
    void theBasicCredentialsNeverFollowARedirectToAnotherHost(QuarkusMainLauncher launcher) throws Exception {
        try (FaultServer elsewhere = FaultServer.start(java.net.InetAddress.getByName("127.0.0.2"))) {
            elsewhere.status("/collect", 201, KEY);
            wm.stubFor(post(urlPathEqualTo("/v1/occurrence/download/request"))
                    .willReturn(aResponse().withStatus(303).withHeader("Location", elsewhere.url("/collect"))));

            LaunchResult r = launcher.launch(args("gbif", "request", predicateFile(), "--user", "alice"));

            assertThat(elsewhere.requestHeader("/collect", "Authorization"))
                    .as("the password stays with GBIF")
                    .isEmpty();
            assertThat(elsewhere.hits("/collect")).isZero();
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.getErrorOutput())
                    .contains("HTTP 303")
                    .contains("not followed")
                    .contains(elsewhere.url("/collect"))
                    .doesNotContain(SECRET);
        }
    }

    @Test
    void anErrorBodyReachesTheTerminalShortOnOneLineAndMasked(QuarkusMainLauncher launcher) throws Exception {
        String basic = Base64.getEncoder().encodeToString(("alice:" + SECRET).getBytes(StandardCharsets.UTF_8));
        wm.stubFor(post(urlPathEqualTo("/v1/occurrence/download/request"))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "text/plain")
                        .withBody("Invalid predicate; request was Authorization: Basic " + basic + " "
                                + "x".repeat(2000) + "\nsecond line")));

        LaunchResult r = launcher.launch(args("gbif", "request", predicateFile(), "--user", "alice"));

        assertThat(r.exitCode()).isEqualTo(2);
        String err = r.getErrorOutput();
        assertThat(err)
                .contains("Invalid predicate")
                .contains("Basic ***")
                .doesNotContain(basic)
                .doesNotContain(SECRET)
                .doesNotContain("second line");
        assertThat(err.strip().lines()).hasSize(1);
        assertThat(err.length()).isLessThan(400);
    }
}
