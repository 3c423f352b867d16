package org.trawl.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.testing.FaultServer;
import org.trawl.testing.TestImages;

/**
 * A storage server that answers 302 to another host must not hand it the token: the engine's request
 * headers (som's Cloud Storage bearer token) reach the origin they were meant for, and no other.
 */
class RedirectCredentialsTest {
    static final Map<String, String> CREDENTIALS = Map.of(
            "Authorization",
            "Bearer ya29.secret",
            "Cookie",
            "session=s3cret",
            "Proxy-Authorization",
            "Basic cHJveHk6cHc=",
            "x-goog-user-project",
            "p1");

    @TempDir
    Path tmp;

    Vertx vertx;
    FaultServer storage;
    FaultServer elsewhere;
    HttpFetcher fetcher;
    final byte[] img = TestImages.jpeg(12, 10, 3);

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        storage = FaultServer.start();
        elsewhere = FaultServer.start(InetAddress.getByName("127.0.0.2")); // to the client, another host
        fetcher = new HttpFetcher(
                vertx,
                new FetchOptions(
                        2,
                        2,
                        0,
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(20),
                        false,
                        false,
                        FetchOptions.Mode.RESUME,
                        "trawl-test"));
    }

    @AfterEach
    void stop() throws Exception {
        fetcher.close();
        storage.close();
        elsewhere.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    Fetched fetch(String url, String stem) throws Exception {
        return fetcher.fetch(new FetchRequest(url, tmp, stem, CREDENTIALS, null, null, "127.0.0.1"))
                .toCompletionStage()
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
    }

    @Test
    void credentialsAreDroppedWhenARedirectLeavesTheOrigin() throws Exception {
        elsewhere.image("/copy.jpg", img, "image/jpeg");
        storage.redirect("/b/o.jpg", elsewhere.url("/copy.jpg"), 302);

        Fetched f = fetch(storage.url("/b/o.jpg"), "o");

        assertThat(Files.readAllBytes(f.file())).isEqualTo(img);
        assertThat(storage.requestHeader("/b/o.jpg", "Authorization")).containsExactly("Bearer ya29.secret");
        assertThat(elsewhere.hits("/copy.jpg")).isEqualTo(1);
        assertThat(elsewhere.requestHeader("/copy.jpg", "Authorization"))
                .as("the token stays home")
                .isEmpty();
        assertThat(elsewhere.requestHeader("/copy.jpg", "Cookie")).isEmpty();
        assertThat(elsewhere.requestHeader("/copy.jpg", "Proxy-Authorization")).isEmpty();
        assertThat(elsewhere.requestHeader("/copy.jpg", "x-goog-user-project")).containsExactly("p1");
        assertThat(elsewhere.requestHeader("/copy.jpg", "User-Agent")).containsExactly("trawl-test");
    }

    @Test
    void anotherPortOnTheSameHostIsAnotherOriginToo() throws Exception {
        FaultServer samehost = FaultServer.start();
        try {
            samehost.image("/copy.jpg", img, "image/jpeg");
            storage.redirect("/b/o.jpg", samehost.url("/copy.jpg"), 307);

            fetch(storage.url("/b/o.jpg"), "o");

            assertThat(samehost.hits("/copy.jpg")).isEqualTo(1);
            assertThat(samehost.requestHeader("/copy.jpg", "Authorization")).isEmpty();
        } finally {
            samehost.close();
        }
    }

    @Test
    void aRedirectWithinTheOriginKeepsThem() throws Exception {
        storage.image("/b/o-v2.jpg", img, "image/jpeg").redirect("/b/o.jpg", "/b/o-v2.jpg", 301);

        Fetched f = fetch(storage.url("/b/o.jpg"), "o");

        assertThat(Files.readAllBytes(f.file())).isEqualTo(img);
        assertThat(storage.requestHeader("/b/o-v2.jpg", "Authorization")).containsExactly("Bearer ya29.secret");
        assertThat(storage.requestHeader("/b/o-v2.jpg", "Cookie")).containsExactly("session=s3cret");
    }
}
