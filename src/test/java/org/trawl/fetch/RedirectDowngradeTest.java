package org.trawl.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PfxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.testing.FaultServer;
import org.trawl.testing.TestImages;
import org.trawl.testing.TlsJsonServer;

/**
 * An https download that redirects to plain http is refused unless --insecure: the certificate checks
 * would be for nothing if a 302 could take the transfer (and its headers) off TLS. The server's
 * certificate is trusted here through the JDK's trust store property, so that the downgrade, not the
 * certificate, is what the engine refuses.
 */
class RedirectDowngradeTest {
    @TempDir
    Path tmp;

    Vertx vertx;
    FaultServer plain;
    HttpServer tls;
    String savedTrustStore, savedPassword, savedType;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        plain = FaultServer.start();
        plain.image("/a.jpg", TestImages.jpeg(8, 8, 2), "image/jpeg");
        TlsJsonServer.start(tmp).close(); // only for its throw-away key, tls-server.p12
        Path ks = tmp.resolve("tls-server.p12");
        tls = vertx.createHttpServer(new HttpServerOptions()
                        .setSsl(true)
                        .setKeyCertOptions(
                                new PfxOptions().setPath(ks.toString()).setPassword("changeit")))
                .requestHandler(r -> r.response()
                        .setStatusCode(302)
                        .putHeader("Location", plain.url("/a.jpg"))
                        .end());
        tls.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        savedTrustStore = System.getProperty("javax.net.ssl.trustStore");
        savedPassword = System.getProperty("javax.net.ssl.trustStorePassword");
        savedType = System.getProperty("javax.net.ssl.trustStoreType");
        System.setProperty("javax.net.ssl.trustStore", ks.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
    }

    @AfterEach
    void stop() throws Exception {
        restore("javax.net.ssl.trustStore", savedTrustStore);
        restore("javax.net.ssl.trustStorePassword", savedPassword);
        restore("javax.net.ssl.trustStoreType", savedType);
        plain.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    Fetched fetch(boolean insecure) throws Exception {
        try (HttpFetcher fetcher = new HttpFetcher(
                vertx,
                new FetchOptions(
                        1,
                        1,
                        0,
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(20),
                        insecure,
                        false,
                        FetchOptions.Mode.RESUME,
                        "trawl-test"))) {
            String url = "https://localhost:" + tls.actualPort() + "/a.jpg";
            return fetcher.fetch(new FetchRequest(
                            url,
                            tmp.resolve(insecure ? "b" : "a"),
                            "a",
                            Map.of("Authorization", "Bearer ya29.secret"),
                            null,
                            null,
                            "localhost"))
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void anHttpsToHttpRedirectIsRefusedUnlessInsecure() throws Exception {
        ExecutionException refused =
                org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> fetch(false));
        assertThat(refused.getCause()).isInstanceOf(FetchFailure.class);
        FetchFailure f = (FetchFailure) refused.getCause();
        assertThat(f.reason()).contains("https down to http").contains("--insecure");
        assertThat(f.retryable()).isFalse();
        assertThat(plain.hits("/a.jpg")).isZero();

        Fetched ok = fetch(true);
        assertThat(Files.exists(ok.file())).isTrue();
        assertThat(plain.hits("/a.jpg")).isEqualTo(1);
        assertThat(plain.requestHeader("/a.jpg", "Authorization"))
                .as("another origin still")
                .isEmpty();
    }
}
