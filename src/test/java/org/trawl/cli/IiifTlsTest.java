package org.trawl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PfxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.core.ExitCode;
import org.trawl.testing.TestImages;

/**
 * iiif_downloader's -c turned certificate checks on (they were off by default). In trawl they are
 * always on: -c is accepted and changes nothing, so it can never mean the opposite of what its users ask.
 */
@QuarkusMainTest
class IiifTlsTest {
    @TempDir
    Path tmp;

    @Test
    void dashCKeepsCertificateChecksAndInsecureIsTheOnlyWayOut(QuarkusMainLauncher launcher) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Path ks = tmp.resolve("server.p12");
            String keytool =
                    Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            Process kt = new ProcessBuilder(
                            keytool,
                            "-genkeypair",
                            "-keystore",
                            ks.toString(),
                            "-storetype",
                            "PKCS12",
                            "-storepass",
                            "changeit",
                            "-keypass",
                            "changeit",
                            "-alias",
                            "server",
                            "-keyalg",
                            "RSA",
                            "-keysize",
                            "2048",
                            "-dname",
                            "CN=localhost",
                            "-ext",
                            "SAN=dns:localhost",
                            "-validity",
                            "2")
                    .redirectErrorStream(true)
                    .start();
            assertThat(kt.waitFor(60, TimeUnit.SECONDS) && kt.exitValue() == 0)
                    .as("keytool made a certificate")
                    .isTrue();
            byte[] img = TestImages.jpeg(9, 9, 1);
            int[] port = {0};
            HttpServer server = vertx.createHttpServer(new HttpServerOptions()
                            .setSsl(true)
                            .setKeyCertOptions(
                                    new PfxOptions().setPath(ks.toString()).setPassword("changeit")))
                    .requestHandler(r -> {
                        if (r.path().equals("/m.json")) {
                            String base = "https://localhost:" + port[0];
                            r.response()
                                    .putHeader("Content-Type", "application/json")
                                    .end("{\"@id\": \"" + base
                                            + "/m.json\", \"@type\": \"sc:Manifest\", \"sequences\": [{\"canvases\": [{\"@id\": \""
                                            + base + "/c\", \"images\": [{\"resource\": {\"@id\": \"" + base
                                            + "/a.jpg\", \"@type\": \"dctypes:Image\"}}]}]}]}");
                        } else {
                            r.response().putHeader("Content-Type", "image/jpeg").end(Buffer.buffer(img));
                        }
                    });
            server.listen(0, "127.0.0.1")
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            port[0] = server.actualPort();
            String url = "https://localhost:" + port[0] + "/m.json";

            LaunchResult strict = launcher.launch("iiif", url, tmp.resolve("a").toString(), "-c", "--retries", "0");
            assertThat(strict.exitCode()).isEqualTo(ExitCode.FATAL);
            assertThat(strict.getErrorOutput()).contains("TLS error").contains("--insecure skips certificate checks");
            assertThat(IiifCommandTest.userErrors(strict)).hasSize(1);

            LaunchResult insecure =
                    launcher.launch("iiif", url, tmp.resolve("b").toString(), "--insecure");
            assertThat(insecure.exitCode()).as(insecure.getErrorOutput()).isZero();
            assertThat(Files.readString(tmp.resolve("b/downloaded_images.txt"))).endsWith("/0000.jpg\n");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
