package org.trawl.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.testing.Archives;
import org.trawl.testing.FaultServer;
import org.trawl.testing.TestImages;

/**
 * {@code trawl gbif request} as users run it, in the packaged artifact (jar or native): the password in
 * GBIF_PASSWORD (which an in-process test cannot set) or typed at the prompt, {@code --wait --download}
 * through the recorded PREPARING → RUNNING → SUCCEEDED statuses to the archive, then {@code gbif dwca} on
 * it to images on disk. The password must never show: not in stdout, stderr, OUT/.trawl, metadata.
 */
class GbifRequestIT {
    static final String KEY = "0026011-250827131500795";
    static final String SECRET = "Gbif-s3cr3t-Pa55";
    static final String WAIT = "/fixtures/gbif/occ_download_wait_request/";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    WireMockServer gbif;
    FaultServer files;

    record Run(int exit, String out, String err) {}

    @BeforeEach
    void start() {
        gbif = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        gbif.start();
        files = FaultServer.start();
    }

    @AfterEach
    void stop() {
        gbif.stop();
        files.close();
    }

    String api() {
        return "http://127.0.0.1:" + gbif.port() + "/v1";
    }

    static String resource(String name) throws Exception {
        try (InputStream in = GbifRequestIT.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The packaged app with exactly this environment (none of the machine's GBIF_ or TRAWL_ settings). */
    Run trawl(Map<String, String> env, String stdin, String... args) throws Exception {
        String launcher = System.getProperty("trawl.launcher", "target/quarkus-app/quarkus-run.jar");
        List<String> cmd = new ArrayList<>();
        if (launcher.endsWith(".jar")) {
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-jar");
        }
        cmd.add(Path.of(launcher).toAbsolutePath().toString());
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "stdout", ".txt");
        Path err = Files.createTempFile(tmp, "stderr", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("GBIF_") || k.startsWith("TRAWL_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("trawl finished").isTrue();
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** Accepts the request, then answers the recorded polls (a few of each state) and serves the archive. */
    Path gbifServesTheDownload() throws Exception {
        Path zip = Archives.realGbifDownload(tmp, files.url(""));
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
            files.image(
                    u.substring(files.url("").length()).replaceAll("\\?.*", ""),
                    TestImages.jpeg(20 + i, 10 + i, i),
                    "image/jpeg");
            i++;
        }
        byte[] body = Files.readAllBytes(zip);
        gbif.stubFor(post(urlPathEqualTo("/v1/occurrence/download/request"))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody(resource(WAIT + "000.txt"))));
        String state = Scenario.STARTED;
        int step = 0;
        for (String poll : List.of("001", "002", "030", "055", "056")) {
            ObjectNode status = (ObjectNode) JSON.readTree(resource(WAIT + poll + ".json"));
            if (status.get("status").asText().equals("SUCCEEDED")) {
                status.put("size", body.length); // the archive served here, not the recorded 8 MB one
            }
            String next = "s" + (++step);
            gbif.stubFor(get(urlPathEqualTo("/v1/occurrence/download/" + KEY))
                    .inScenario("poll")
                    .whenScenarioStateIs(state)
                    .willSetStateTo(next)
                    .willReturn(aResponse()
                            .withStatus(200)
                            .withHeader("Content-Type", "application/json")
                            .withBody(status.toString())));
            state = next;
        }
        // the recorded downloadLink points into api.gbif.org/v1: trawl follows it onto --gbif-api
        gbif.stubFor(get(urlPathEqualTo("/v1/occurrence/download/request/" + KEY + ".zip"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/zip")
                        .withBody(body)));
        return zip;
    }

    Path predicate() throws Exception {
        Path p = tmp.resolve("predicate.json");
        Files.writeString(p, "{\"type\":\"equals\",\"key\":\"TAXON_KEY\",\"value\":\"212\"}");
        return p;
    }

    void assertNoSecretUnder(Path dir) throws Exception {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1))
                        .as(f.toString())
                        .doesNotContain(SECRET);
            }
        }
    }

    @Test
    void requestWaitDownloadThenDwcaWithThePasswordFromTheEnvironment() throws Exception {
        Path archive = gbifServesTheDownload();
        Path out = tmp.resolve("downloads");

        Run req = trawl(
                Map.of("GBIF_PASSWORD", SECRET, "GBIF_USER", "alice"),
                null,
                "gbif",
                "request",
                predicate().toString(),
                "--wait",
                "--download",
                "--poll-interval",
                "10ms",
                "-o",
                out.toString(),
                "--gbif-api",
                api());

        assertThat(req.exit()).as(req.err()).isEqualTo(0);
        assertThat(req.out().strip()).isEqualTo(KEY);
        assertThat(req.err()).contains("PREPARING", "RUNNING", "SUCCEEDED").doesNotContain(SECRET);
        assertThat(req.out()).doesNotContain(SECRET);
        assertThat(Files.readAllBytes(out.resolve(KEY + ".zip"))).isEqualTo(Files.readAllBytes(archive));
        assertThat(gbif.findAll(postRequestedFor(urlPathEqualTo("/v1/occurrence/download/request")))
                        .get(0)
                        .getHeader("Authorization"))
                .isEqualTo("Basic "
                        + Base64.getEncoder().encodeToString(("alice:" + SECRET).getBytes(StandardCharsets.UTF_8)));

        Path dataset = tmp.resolve("dataset");
        Run dwca = trawl(
                Map.of("GBIF_PASSWORD", SECRET),
                null,
                "gbif",
                "dwca",
                out.resolve(KEY + ".zip").toString(),
                "--label",
                "speciesKey",
                "--shared-labels",
                "first",
                "-o",
                dataset.toString(),
                "-q");

        assertThat(dwca.exit()).as(dwca.err()).isEqualTo(0);
        // header + the 15 media (the images several species share kept under the first, as before --shared-labels)
        assertThat(Files.readAllLines(dataset.resolve("metadata.csv"))).hasSize(16);
        assertThat(dataset.resolve(".trawl")).isDirectory();
        assertThat(dwca.out() + dwca.err()).doesNotContain(SECRET);
        assertNoSecretUnder(tmp);
    }

    @Test
    void thePasswordPromptReadsStandardInputWhenThereIsNoConsole() throws Exception {
        gbif.stubFor(post(urlPathEqualTo("/v1/occurrence/download/request"))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody(resource(WAIT + "000.txt"))));

        Run r = trawl(
                Map.of(),
                SECRET + "\n",
                "gbif",
                "request",
                predicate().toString(),
                "--user",
                "bob",
                "--password",
                "--gbif-api",
                api());

        assertThat(r.exit()).as(r.err()).isEqualTo(0);
        assertThat(r.out().strip())
                .as("the prompt stays off stdout, which carries the key")
                .isEqualTo(KEY);
        assertThat(r.err()).contains("GBIF password for bob");
        assertThat(r.out() + r.err()).doesNotContain(SECRET);
        assertThat(gbif.findAll(postRequestedFor(urlPathEqualTo("/v1/occurrence/download/request")))
                        .get(0)
                        .getHeader("Authorization"))
                .isEqualTo("Basic "
                        + Base64.getEncoder().encodeToString(("bob:" + SECRET).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void withoutAConsoleOrGbifPasswordItStopsWithOneClearLine() throws Exception {
        Run r = trawl(Map.of(), null, "gbif", "request", predicate().toString(), "--user", "bob", "--gbif-api", api());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip())
                .contains("no GBIF password")
                .contains("GBIF_PASSWORD")
                .doesNotContain("Exception");
        assertThat(r.err().strip().lines().count()).isEqualTo(1);

        Run empty = trawl(
                Map.of(),
                "",
                "gbif",
                "request",
                predicate().toString(),
                "--user",
                "bob",
                "--password",
                "--gbif-api",
                api());
        assertThat(empty.exit()).isEqualTo(2);
        assertThat(empty.err()).contains("no GBIF password given").doesNotContain("Exception");
        assertThat(gbif.getAllServeEvents()).isEmpty();
    }
}
