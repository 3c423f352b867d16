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
import org.trawl.testing.TestImages;

/** TLS is verified by default; --insecure is the explicit way out (iiif's -c asks for verification, as in iiif_downloader). */
@QuarkusMainTest
class TlsTest {
    @TempDir
    Path tmp;

    @Test
    void selfSignedCertificateIsRefusedUnlessInsecure(QuarkusMainLauncher launcher) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            // a throw-away self-signed certificate, made with the JDK's own keytool
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
            HttpServer server = vertx.createHttpServer(new HttpServerOptions()
                            .setSsl(true)
                            .setKeyCertOptions(
                                    new PfxOptions().setPath(ks.toString()).setPassword("changeit")))
                    .requestHandler(r ->
                            r.response().putHeader("Content-Type", "image/jpeg").end(Buffer.buffer(img)));
            server.listen(0, "127.0.0.1")
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            Path list = tmp.resolve("l.txt");
            Files.writeString(list, "https://localhost:" + server.actualPort() + "/a.jpg\n");

            LaunchResult strict = launcher.launch(
                    "urls", list.toString(), "-o", tmp.resolve("a").toString(), "--retries", "3");
            assertThat(strict.exitCode()).isEqualTo(3);
            assertThat(Files.readString(tmp.resolve("a/failures.csv")))
                    .contains("TLS error")
                    .contains("--insecure skips certificate checks");
            // the same certificate comes back on every attempt: one is enough
            assertThat(Files.readAllLines(tmp.resolve("a/failures.csv")).get(1)).endsWith(",1");

            LaunchResult insecure = launcher.launch(
                    "urls", list.toString(), "-o", tmp.resolve("b").toString(), "--insecure");
            assertThat(insecure.exitCode()).as(insecure.getErrorOutput()).isZero();
            assertThat(Files.readString(tmp.resolve("b/metadata.csv"))).contains("image/jpeg");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
