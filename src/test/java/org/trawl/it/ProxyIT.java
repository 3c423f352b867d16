package org.trawl.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.testing.FaultServer;
import org.trawl.testing.IiifFakeServer;
import org.trawl.testing.IiifFakeServer.Service;
import org.trawl.testing.TestImages;
import org.trawl.testing.TinyProxy;
import org.trawl.testing.TlsImageServer;

/**
 * Proxies as users set them, in the environment (which an in-process test cannot set), on the packaged
 * artifact (jar, or the native executable, where proxies and TLS often differ): through a real proxy
 * (tinyproxy, read back from its log), http_proxy for HTTP, HTTPS_PROXY by CONNECT with a private CA
 * (--cacert), NO_PROXY bypassing it, IIIF documents (the JDK's client) through it, and a wrong
 * password ending the run in one line. The password is shown nowhere.
 */
class ProxyIT {
    static final String USER = "trawler";
    static final String PASSWORD = "Pr0xy-s3cret";

    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    static TlsImageServer tls;
    static TinyProxy proxy;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(TinyProxy.installed(), "tinyproxy is not installed (apt-get install tinyproxy-bin)");
        tls = TlsImageServer.start(shared.resolve("tls"), TestImages.jpeg(12, 8, 3));
        proxy = TinyProxy.start(shared.resolve("proxy"), USER, PASSWORD, tls.port());
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
            tls.close();
        }
    }

    /** Runs the artifact with only these proxy variables (the machine's own are dropped). */
    Run launch(Map<String, String> env, String... args) throws Exception {
        String launcher = System.getProperty("trawl.launcher", "target/quarkus-app/quarkus-run.jar");
        List<String> cmd = new ArrayList<>();
        if (launcher.endsWith(".jar")) {
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-jar");
        }
        cmd.add(Path.of(launcher).toAbsolutePath().toString());
        cmd.addAll(List.of(args));
        Path out = tmp.resolve("stdout-" + System.nanoTime());
        Path err = tmp.resolve("stderr-" + System.nanoTime());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> e = pb.environment();
        e.keySet().removeIf(k -> k.toLowerCase(java.util.Locale.ROOT).endsWith("_proxy"));
        e.putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished in time").isTrue();
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    record Run(int exitCode, String out, String err) {}

    int seen;

    List<String> requestsSince(int before) throws IOException {
        List<String> all = proxy.requests();
        return all.subList(before, all.size());
    }

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
    void urlsGoThroughTheProxyOfTheEnvironmentExceptWhatNoProxyNames() throws Exception {
        int before = proxy.requests().size();
        try (FaultServer proxied = FaultServer.start();
                FaultServer bypassed = FaultServer.start()) {
            proxied.image("/a.jpg", TestImages.jpeg(10, 10, 1), "image/jpeg");
            bypassed.image("/c.jpg", TestImages.jpeg(10, 10, 2), "image/jpeg");
            Path list = tmp.resolve("list.txt");
            Files.writeString(
                    list, proxied.url("/a.jpg") + "\n" + tls.url("/b.jpg") + "\n" + bypassed.url("/c.jpg") + "\n");
            Path out = tmp.resolve("out");
            Map<String, String> env = new HashMap<>();
            env.put("http_proxy", proxy.url(USER, PASSWORD));
            env.put("HTTPS_PROXY", proxy.url(USER, PASSWORD));
            env.put("NO_PROXY", "example.org, 127.0.0.1:" + bypassed.port());

            Run r = launch(
                    env,
                    "urls",
                    list.toString(),
                    "-o",
                    out.toString(),
                    "--cacert",
                    tls.caPem().toString());

            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(requestsSince(before))
                    .contains("GET " + proxied.url("/a.jpg"), "CONNECT localhost:" + tls.port())
                    .noneMatch(l -> l.contains(":" + bypassed.port()));
            assertThat(bypassed.hits("/c.jpg")).isEqualTo(1);
            assertThat(Files.readString(out.resolve("metadata.csv"))).contains("a.jpg", "b.jpg", "c.jpg");
            assertThat(r.out() + r.err() + everything(out)).doesNotContain(PASSWORD);
        }
    }

    @Test
    void iiifDocumentsGoThroughTheProxyToo() throws Exception {
        int before = proxy.requests().size();
        try (IiifFakeServer iiif = IiifFakeServer.start()) {
            String manifest = iiif.fixture("mirador-v2/019.json");
            iiif.defaultService(Service.v2(2, 1200, 900));

            Run r = launch(
                    Map.of("http_proxy", proxy.url(USER, PASSWORD)),
                    "iiif",
                    manifest,
                    tmp.resolve("i").toString(),
                    "-w",
                    "100");

            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(requestsSince(before)).contains("GET " + manifest).anyMatch(l -> l.endsWith("/info.json"));
            assertThat(r.out() + r.err()).doesNotContain(PASSWORD);
        }
    }

    @Test
    void iiifDocumentsOverHttpsGoThroughConnectWithProxyCredentialsAndTheCaFile() throws Exception {
        int before = proxy.requests().size();
        String base = "https://localhost:" + tls.port();
        tls.json("/manifest.json", """
                {"@context": "http://iiif.io/api/presentation/2/context.json", "@id": "%1$s/manifest.json",
                 "@type": "sc:Manifest", "label": "through a proxy",
                 "sequences": [{"@type": "sc:Sequence", "canvases": [{"@id": "%1$s/canvas/1", "@type": "sc:Canvas",
                   "label": "c1", "width": 12, "height": 8, "images": [{"@type": "oa:Annotation",
                   "motivation": "sc:painting", "on": "%1$s/canvas/1", "resource": {"@id": "%1$s/img.jpg",
                   "@type": "dctypes:Image", "format": "image/jpeg", "width": 12, "height": 8}}]}]}]}
                """.formatted(base));

        // the JDK's client sends Basic credentials in a CONNECT only when trawl allowed it at start-up
        Run r = launch(
                Map.of("https_proxy", proxy.url(USER, PASSWORD)),
                "iiif",
                base + "/manifest.json",
                tmp.resolve("i").toString(),
                "--cacert",
                tls.caPem().toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(requestsSince(before)).contains("CONNECT localhost:" + tls.port());
        assertThat(everything(tmp.resolve("i"))).contains("through a proxy").doesNotContain(PASSWORD);
        assertThat(r.out() + r.err()).doesNotContain(PASSWORD);
    }

    @Test
    void aWrongProxyPasswordIsOneLineAndExit2() throws Exception {
        Path list = tmp.resolve("list.txt");
        Files.writeString(list, tls.url("/1.jpg") + "\n" + tls.url("/2.jpg") + "\n");

        Run r = launch(
                Map.of("https_proxy", proxy.url(USER, "wrong-" + PASSWORD)),
                "urls",
                list.toString(),
                "-o",
                tmp.resolve("out").toString(),
                "--cacert",
                tls.caPem().toString());

        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err())
                .contains(
                        "trawl: proxy " + proxy.url() + " refused the credentials (407 Proxy Authentication Required)")
                .doesNotContain(PASSWORD)
                .doesNotContain("Exception");
        assertThat(r.out()).doesNotContain(PASSWORD);
    }
}
