package org.trawl.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trawl.testing.FaultServer.delayed;
import static org.trawl.testing.FaultServer.htmlWith200;
import static org.trawl.testing.FaultServer.ok;
import static org.trawl.testing.FaultServer.redirectTo;
import static org.trawl.testing.FaultServer.resetAfter;
import static org.trawl.testing.FaultServer.resetNow;
import static org.trawl.testing.FaultServer.retryAfterDate;
import static org.trawl.testing.FaultServer.retryAfterSeconds;
import static org.trawl.testing.FaultServer.stalled;
import static org.trawl.testing.FaultServer.truncated;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class FaultServerTest {

    static final byte[] JPEG = TestImages.jpeg(64, 48, 1);
    static final byte[] PNG = TestImages.png(32, 32, 2);

    FaultServer server;
    HttpClient http;

    @BeforeEach
    void setUp() {
        server = FaultServer.start();
        http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(server.url(path))).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) b.headers(headers);
        return http.send(b.build(), BodyHandlers.ofByteArray());
    }

    @Test
    void testImagesAreRealDeterministicAndDistinct() throws Exception {
        assertEquals(64, ImageIO.read(new ByteArrayInputStream(JPEG)).getWidth());
        assertEquals(32, ImageIO.read(new ByteArrayInputStream(PNG)).getHeight());
        assertArrayEquals(JPEG, TestImages.jpeg(64, 48, 1));
        assertArrayEquals(PNG, TestImages.png(32, 32, 2));
        assertFalse(Arrays.equals(JPEG, TestImages.jpeg(64, 48, 3)));
        assertFalse(Arrays.equals(PNG, TestImages.png(32, 32, 3)));
    }

    @Test
    void imageServesValidatorsAndKeepsConnectionAlive() throws Exception {
        server.image("/a.jpg", JPEG, "image/jpeg");
        HttpResponse<byte[]> r = get("/a.jpg?x=1");
        assertEquals(200, r.statusCode());
        assertArrayEquals(JPEG, r.body());
        assertEquals(FaultServer.etag(JPEG), r.headers().firstValue("ETag").orElseThrow());
        assertEquals(42, r.headers().firstValue("ETag").orElseThrow().length()); // quoted 40-hex SHA-1
        assertEquals("bytes", r.headers().firstValue("Accept-Ranges").orElseThrow());
        assertNotNull(r.headers().firstValue("Last-Modified").orElseThrow());
        assertEquals(JPEG.length, r.headers().firstValueAsLong("Content-Length").orElseThrow());
        assertEquals(200, get("/a.jpg").statusCode());
        assertEquals(2, server.hits("/a.jpg"));
        assertEquals(1, server.connections(), "both requests on one keep-alive connection");
    }

    @Test
    void rangeAndIfRange() throws Exception {
        server.image("/a.png", PNG, "image/png");
        String etag = FaultServer.etag(PNG);

        HttpResponse<byte[]> r = get("/a.png", "Range", "bytes=10-");
        assertEquals(206, r.statusCode());
        assertEquals(
                "bytes 10-" + (PNG.length - 1) + "/" + PNG.length,
                r.headers().firstValue("Content-Range").orElseThrow());
        assertArrayEquals(Arrays.copyOfRange(PNG, 10, PNG.length), r.body());

        r = get("/a.png", "Range", "bytes=5-", "If-Range", etag);
        assertEquals(206, r.statusCode());
        assertArrayEquals(Arrays.copyOfRange(PNG, 5, PNG.length), r.body());

        r = get("/a.png", "Range", "bytes=5-", "If-Range", "\"stale\"");
        assertEquals(200, r.statusCode());
        assertArrayEquals(PNG, r.body());

        r = get("/a.png", "Range", "bytes=" + PNG.length + "-");
        assertEquals(416, r.statusCode());
        assertEquals(
                "bytes */" + PNG.length, r.headers().firstValue("Content-Range").orElseThrow());

        assertEquals(
                List.of("bytes=10-", "bytes=5-", "bytes=5-", "bytes=" + PNG.length + "-"),
                server.requestHeader("/a.png", "range"));
        assertEquals(List.of(etag, "\"stale\""), server.requestHeader("/a.png", "If-Range"));
    }

    @Test
    void statusesAndUnknownRoute() throws Exception {
        server.status("/404", 404, "gone").status("/403", 403, "nope").status("/500", 500, "boom");
        assertEquals(404, get("/404").statusCode());
        assertEquals("nope", new String(get("/403").body()));
        assertEquals(500, get("/500").statusCode());
        HttpResponse<byte[]> r = get("/nothing-here");
        assertEquals(404, r.statusCode());
        assertEquals("no route", new String(r.body()));
        assertEquals(1, server.hits("/nothing-here"));
    }

    @Test
    void sequenceWithRetryAfterThenSuccessRepeatsLastStep() throws Exception {
        Instant when = Instant.parse("2030-03-04T05:06:07Z");
        server.sequence("/s", retryAfterSeconds(503, 7), retryAfterDate(429, when), ok(PNG, "image/png"));
        HttpResponse<byte[]> r = get("/s");
        assertEquals(503, r.statusCode());
        assertEquals("7", r.headers().firstValue("Retry-After").orElseThrow());
        r = get("/s");
        assertEquals(429, r.statusCode());
        assertEquals(
                "Mon, 04 Mar 2030 05:06:07 GMT",
                r.headers().firstValue("Retry-After").orElseThrow());
        assertArrayEquals(PNG, get("/s").body());
        assertArrayEquals(PNG, get("/s").body());
        assertEquals(4, server.hits("/s"));
    }

    @Test
    void htmlInsteadOfImage() throws Exception {
        server.sequence("/login", htmlWith200("<html>please log in</html>"));
        HttpResponse<byte[]> r = get("/login");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertEquals("<html>please log in</html>", new String(r.body()));
    }

    @Test
    void truncatedThenResumeWithRange() throws Exception {
        server.sequence("/t.jpg", truncated(JPEG, "image/jpeg", 100), ok(JPEG, "image/jpeg"));
        HttpResponse<InputStream> r = http.send(
                HttpRequest.newBuilder(URI.create(server.url("/t.jpg"))).build(), BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        assertEquals("close", r.headers().firstValue("Connection").orElseThrow());
        assertEquals(JPEG.length, r.headers().firstValueAsLong("Content-Length").orElseThrow());
        String etag = r.headers().firstValue("ETag").orElseThrow();
        try (InputStream in = r.body()) {
            assertEquals(100, in.readNBytes(100).length);
            assertThrows(IOException.class, in::read); // EOF before Content-Length
        }
        HttpResponse<byte[]> resumed = get("/t.jpg", "Range", "bytes=100-", "If-Range", etag);
        assertEquals(206, resumed.statusCode());
        assertArrayEquals(Arrays.copyOfRange(JPEG, 100, JPEG.length), resumed.body());
    }

    @Test
    void stalledSendsPrefixThenGoesSilent() throws Exception {
        server.sequence("/slow", stalled(JPEG, "image/jpeg", 50, 600));
        HttpResponse<InputStream> r = http.send(
                HttpRequest.newBuilder(URI.create(server.url("/slow"))).build(), BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            assertEquals(50, in.readNBytes(50).length);
            long t0 = System.nanoTime();
            assertThrows(IOException.class, in::read);
            assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(500), "stall should last ~600ms");
        }
    }

    @Test
    void closeInterruptsStalledHandlers() throws Exception {
        server.sequence("/hang", stalled(JPEG, "image/jpeg", 10, 60_000));
        HttpResponse<InputStream> r = http.send(
                HttpRequest.newBuilder(URI.create(server.url("/hang"))).build(), BodyHandlers.ofInputStream());
        InputStream in = r.body();
        assertEquals(10, in.readNBytes(10).length);
        CompletableFuture<Object> rest = CompletableFuture.supplyAsync(() -> {
            try {
                return in.readAllBytes();
            } catch (IOException e) {
                return e;
            }
        });
        Thread.sleep(100);
        assertFalse(rest.isDone());
        long t0 = System.nanoTime();
        server.close();
        assertTrue(rest.get(5, TimeUnit.SECONDS) instanceof IOException);
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(3));
        assertThrows(IOException.class, () -> get("/hang")); // no longer accepting
    }

    @Test
    void resetsSurfaceAsIoErrors() throws Exception {
        server.sequence("/rst", resetNow()).sequence("/rst-after", resetAfter(JPEG, "image/jpeg", 200));
        assertThrows(IOException.class, () -> get("/rst"));
        assertThrows(IOException.class, () -> get("/rst-after"));
        // java.net.http retries an idempotent request once if the connection dies before any response byte
        assertTrue(server.hits("/rst") >= 1);
        assertEquals(1, server.hits("/rst-after"));
        // on a raw socket the abort is visibly a TCP RST ("Connection reset"), not a clean EOF
        try (Socket raw = new Socket("127.0.0.1", server.port())) {
            raw.getOutputStream().write("GET /rst HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            SocketException e = assertThrows(
                    SocketException.class, () -> raw.getInputStream().read());
            assertTrue(e.getMessage().contains("reset"), e.getMessage());
        }
    }

    @Test
    void redirectsAndRedirectLoop() throws Exception {
        HttpClient follow = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        server.image("/final.png", PNG, "image/png")
                .redirect("/moved", server.url("/final.png"), 301)
                .sequence("/temp", redirectTo("/final.png", 307));
        HttpResponse<byte[]> r = get("/moved");
        assertEquals(301, r.statusCode());
        assertEquals(
                server.url("/final.png"), r.headers().firstValue("Location").orElseThrow());
        assertArrayEquals(
                PNG,
                follow.send(
                                HttpRequest.newBuilder(URI.create(server.url("/temp")))
                                        .build(),
                                BodyHandlers.ofByteArray())
                        .body());

        server.redirect("/loop-a", "/loop-b", 302).redirect("/loop-b", "/loop-a", 302);
        // java.net.http gives up after its redirect limit (default 5) and returns the last 3xx
        r = follow.send(
                HttpRequest.newBuilder(URI.create(server.url("/loop-a"))).build(), BodyHandlers.ofByteArray());
        assertEquals(302, r.statusCode());
        assertTrue(server.hits("/loop-a") >= 2 && server.hits("/loop-b") >= 2);
    }

    @Test
    void delayedAnswersLate() throws Exception {
        server.sequence("/late", delayed(300, ok(PNG, "image/png")));
        long t0 = System.nanoTime();
        assertArrayEquals(PNG, get("/late").body());
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(300));
    }

    @Test
    void resetForgetsRoutesAndCounters() throws Exception {
        server.image("/a.png", PNG, "image/png");
        get("/a.png", "Range", "bytes=1-");
        server.reset();
        assertEquals(0, server.hits("/a.png"));
        assertEquals(List.of(), server.requestHeader("/a.png", "Range"));
        assertEquals(404, get("/a.png").statusCode());
        assertEquals(1, server.hits("/a.png"));
    }
}
