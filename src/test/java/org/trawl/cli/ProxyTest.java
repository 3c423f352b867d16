package org.trawl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.testing.FaultServer;
import org.trawl.testing.GbifFake;
import org.trawl.testing.IiifFakeServer;
import org.trawl.testing.IiifFakeServer.Service;
import org.trawl.testing.TestImages;
import org.trawl.testing.TinyProxy;
import org.trawl.testing.TlsImageServer;

/**
 * --proxy and --cacert against a real proxy (tinyproxy, whose log says what went through it): the
 * engine, a REST client (GBIF) and the IIIF document client go through it, HTTPS by CONNECT with a
 * private CA, a wrong password stops the run with one line, and the password is shown nowhere.
 * The proxy variables (read by a new process only) are ProxyIT's, on the packaged app.
 */
@QuarkusMainTest
class ProxyTest {
    static final String USER = "trawler";
    static final String PASSWORD = "Pr0xy-s3cret";

    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    static TlsImageServer tls;
    static TinyProxy proxy;
    FaultServer origin;
    /** The proxy's requests before this test. */
    int seen;

    @BeforeAll
    static void startProxy() throws Exception {
        assumeTrue(TinyProxy.installed(), "tinyproxy is not installed (apt-get install tinyproxy-bin)");
        tls = TlsImageServer.start(shared.resolve("tls"), TestImages.jpeg(12, 8, 3));
        proxy = TinyProxy.start(shared.resolve("proxy"), USER, PASSWORD, tls.port());
    }

    @AfterAll
    static void stopProxy() {
        if (proxy != null) {
            proxy.close();
            tls.close();
        }
    }

    @BeforeEach
    void start() throws IOException {
        origin = FaultServer.start();
        seen = proxy.requests().size();
        tls.resetHits();
    }

    @AfterEach
    void stop() {
        origin.close();
    }

    /** The proxy's requests during this test. */
    List<String> requests() throws IOException {
        List<String> all = proxy.requests();
        return all.subList(seen, all.size());
    }

    static String[] args(Object... a) {
        return Stream.of(a).map(String::valueOf).toArray(String[]::new);
    }

    Path list(String... urls) throws IOException {
        Path p = tmp.resolve("list-" + System.nanoTime() + ".txt");
        Files.writeString(p, String.join("\n", urls) + "\n", StandardCharsets.UTF_8);
        return p;
    }

    /** Every file under {@code dir} (metadata.csv, the checkpoint, ...) as text. */
    static String everything(Path dir) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                all.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
        return all.toString();
    }

    @Test
    void urlsGoThroughTheProxyHttpAndHttpsByConnectWithAPrivateCa(QuarkusMainLauncher launcher) throws Exception {
        origin.image("/a.jpg", TestImages.jpeg(10, 10, 1), "image/jpeg");
        Path out = tmp.resolve("out");

        LaunchResult r = launcher.launch(args(
                "urls",
                list(origin.url("/a.jpg"), tls.url("/b.jpg")),
                "-o",
                out,
                "--proxy",
                proxy.url(USER, PASSWORD),
                "--cacert",
                tls.caPem()));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        assertThat(requests())
                .contains("GET " + origin.url("/a.jpg"), "CONNECT localhost:" + tls.port())
                .allMatch(l -> !l.contains(PASSWORD));
        assertThat(tls.hits()).isEqualTo(1);
        assertThat(everything(out)).contains("b.jpg").doesNotContain(PASSWORD);
        assertThat(r.getOutput() + r.getErrorOutput()).doesNotContain(PASSWORD);
    }

    @Test
    void withoutTheCaFileThePrivateCertificateIsStillRefused(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult r = launcher.launch(args(
                "urls",
                list(tls.url("/b.jpg")),
                "-o",
                tmp.resolve("out"),
                "--retries",
                "0",
                "--proxy",
                proxy.url(USER, PASSWORD)));

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(Files.readString(tmp.resolve("out/failures.csv"))).contains("TLS error");
    }

    @Test
    void aWrongPasswordStopsTheRunWithOneLineAndNoRetryStorm(QuarkusMainLauncher launcher) throws Exception {
        StringBuilder urls = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            urls.append(tls.url("/" + i + ".jpg")).append('\n');
        }
        Path l = tmp.resolve("many.txt");
        Files.writeString(l, urls);
        Path out = tmp.resolve("out");

        LaunchResult r = launcher.launch(args(
                "urls",
                l,
                "-o",
                out,
                "-j",
                "2",
                "--proxy",
                proxy.url(USER, "wrong-" + PASSWORD),
                "--cacert",
                tls.caPem()));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(2);
        assertThat(r.getErrorOutput())
                .contains(
                        "trawl: proxy " + proxy.url() + " refused the credentials (407 Proxy Authentication Required)")
                .doesNotContain(PASSWORD);
        assertThat(r.getOutput()).doesNotContain(PASSWORD);
        assertThat(tls.hits()).isZero();
        // the connections already opened (-j 2, and the ones opened while the list is read), not one
        // attempt per item and retry (40 items, 5 attempts each)
        assertThat(requests()).hasSizeLessThanOrEqualTo(8);
        if (Files.exists(out)) {
            assertThat(everything(out)).doesNotContain(PASSWORD);
        }
    }

    @Test
    void gbifSearchAndIiifDocumentsGoThroughTheProxy(QuarkusMainLauncher launcher) throws Exception {
        try (GbifFake gbif = GbifFake.start().withRecordedOccurrences();
                IiifFakeServer iiif = IiifFakeServer.start()) {
            LaunchResult search = launcher.launch(args(
                    "gbif",
                    "search",
                    "taxonKey=3118771",
                    "--label",
                    "speciesKey",
                    "--dry-run",
                    "--json",
                    "-o",
                    tmp.resolve("g"),
                    "--gbif-api",
                    gbif.api(),
                    "--proxy",
                    proxy.url(USER, PASSWORD)));
            assertThat(search.exitCode()).as(search.getErrorOutput()).isZero();
            assertThat(requests()).anyMatch(l -> l.startsWith("GET " + gbif.api() + "/occurrence/search"));

            String manifest = iiif.fixture("mirador-v2/019.json");
            iiif.defaultService(Service.v2(2, 1200, 900));
            LaunchResult docs = launcher.launch(
                    args("iiif", manifest, tmp.resolve("i"), "-w", 100, "--proxy", proxy.url(USER, PASSWORD)));
            assertThat(docs.exitCode()).as(docs.getErrorOutput()).isZero();
            assertThat(requests())
                    .contains("GET " + manifest)
                    .anyMatch(l -> l.endsWith("/info.json"))
                    .anyMatch(l -> l.endsWith("/full/100,/0/default.jpg"));
            assertThat(search.getErrorOutput() + docs.getErrorOutput()).doesNotContain(PASSWORD);
        }
    }

    @Test
    void aRestClientReachesHttpsThroughConnectWithTheCaFile(QuarkusMainLauncher launcher) throws Exception {
        String key = "0026011-250827131500795";
        tls.json("/v1/occurrence/download/" + key, "{\"key\":\"" + key + "\",\"status\":\"SUCCEEDED\",\"size\":10}");
        String api = "https://localhost:" + tls.port() + "/v1";

        LaunchResult strict =
                launcher.launch(args("gbif", "status", key, "--gbif-api", api, "--proxy", proxy.url(USER, PASSWORD)));
        assertThat(strict.exitCode()).isEqualTo(1);
        assertThat(strict.getErrorOutput()).contains("TLS error");

        LaunchResult r = launcher.launch(args(
                "gbif",
                "status",
                key,
                "--gbif-api",
                api,
                "--proxy",
                proxy.url(USER, PASSWORD),
                "--cacert",
                tls.caPem()));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        assertThat(r.getOutput()).contains("SUCCEEDED");
        assertThat(requests()).contains("CONNECT localhost:" + tls.port());
        assertThat(r.getOutput() + r.getErrorOutput()).doesNotContain(PASSWORD);
    }

    @Test
    void anEmptyProxyGoesDirect(QuarkusMainLauncher launcher) throws Exception {
        origin.image("/a.jpg", TestImages.jpeg(10, 10, 1), "image/jpeg");

        LaunchResult r =
                launcher.launch(args("urls", list(origin.url("/a.jpg")), "-o", tmp.resolve("out"), "--proxy", ""));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        assertThat(origin.hits("/a.jpg")).isEqualTo(1);
        assertThat(requests()).isEmpty();
    }

    @Test
    void aCaFileThatIsMissingOrNotPemIsOneLine(QuarkusMainLauncher launcher) throws Exception {
        Path l = list(origin.url("/a.jpg"));
        LaunchResult missing =
                launcher.launch(args("urls", l, "-o", tmp.resolve("o1"), "--cacert", tmp.resolve("nope.pem")));
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.getErrorOutput()).contains("trawl: --cacert: no such file: " + tmp.resolve("nope.pem"));

        Path junk = tmp.resolve("junk.pem");
        Files.writeString(junk, "not a certificate\n");
        LaunchResult notPem = launcher.launch(args("urls", l, "-o", tmp.resolve("o2"), "--cacert", junk));
        assertThat(notPem.exitCode()).isEqualTo(2);
        assertThat(notPem.getErrorOutput()).contains("trawl: --cacert: " + junk + " holds no PEM certificate");

        Path broken = tmp.resolve("broken.pem");
        Files.writeString(broken, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        LaunchResult bad = launcher.launch(args("urls", l, "-o", tmp.resolve("o3"), "--cacert", broken));
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.getErrorOutput()).contains("trawl: --cacert: " + broken + ": not a valid PEM certificate");
        assertThat(origin.hits("/a.jpg")).isZero();
    }

    @Test
    void aProxyUrlTrawlCannotUseIsOneLineWithoutThePassword(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult r = launcher.launch(args(
                "urls",
                list(origin.url("/a.jpg")),
                "-o",
                tmp.resolve("out"),
                "--proxy",
                "socks5://u:" + PASSWORD + "@h:1"));

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.getErrorOutput())
                .contains("trawl: --proxy: socks5:// proxies are not supported")
                .doesNotContain(PASSWORD);
    }
}
