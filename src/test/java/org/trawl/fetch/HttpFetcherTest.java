package org.trawl.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.Vertx;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.internal.Hashes;
import org.trawl.testing.FaultServer;
import org.trawl.testing.TestImages;

/**
 * One attempt of {@link HttpFetcher} against a local fault server, without the engine around it: what
 * its watchdogs say about a silent or endless answer, how a {@code .part} with its sidecar is resumed
 * (or started again), and how far redirects are followed. The reasons asserted are the ones
 * failures.csv shows.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HttpFetcherTest {
    static final String JPEG = "image/jpeg";

    @TempDir
    Path tmp;

    Vertx vertx;
    FaultServer server;
    HttpFetcher fetcher;
    Path dir;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        server = FaultServer.start();
        // --idle-timeout 1s and --timeout 3s, so that the watchdogs speak within a test's patience
        fetcher = new HttpFetcher(
                vertx,
                new FetchOptions(
                        2,
                        2,
                        0,
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(3),
                        false,
                        false,
                        FetchOptions.Mode.RESUME,
                        "trawl-test"));
        dir = tmp.resolve("d");
    }

    @AfterEach
    void stop() throws Exception {
        fetcher.close();
        server.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    Fetched fetch(String path) throws Exception {
        return fetcher.fetch(new FetchRequest(server.url(path), dir, "a", Map.of(), null, null, "127.0.0.1"))
                .toCompletionStage()
                .toCompletableFuture()
                .get(20, TimeUnit.SECONDS);
    }

    FetchFailure failure(String path) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> fetch(path));
        assertThat(e.getCause()).isInstanceOf(FetchFailure.class);
        return (FetchFailure) e.getCause();
    }

    // ---------------------------------------------------------------- watchdogs

    @Test
    void aBodyThatStopsHalfWayFailsAsStalledAfterTheIdleTimeoutAndLeavesNoPart() throws Exception {
        byte[] img = TestImages.jpeg(40, 40, 1);
        server.sequence("/stall", FaultServer.stalled(img, JPEG, 200, 60_000));
        long t0 = System.nanoTime();

        FetchFailure f = failure("/stall");

        assertThat(secondsSince(t0)).as("the server stays silent for a minute").isBetween(0.9, 8.0);
        assertThat(f.reason()).isEqualTo("stalled: no data for 1s");
        assertThat(f.retryable()).isTrue();
        assertThat(f.hostFault())
                .as("a stall is the transfer's, not the host's")
                .isFalse();
        assertThat(dir.resolve("a.part")).doesNotExist();
    }

    @Test
    void anAnswerWhoseHeadNeverComesFailsAsStalled() throws Exception {
        server.sequence("/slow", FaultServer.delayed(60_000, FaultServer.ok(TestImages.jpeg(8, 8, 2), JPEG)));
        long t0 = System.nanoTime();

        FetchFailure f = failure("/slow");

        assertThat(secondsSince(t0)).as("the server stays silent for a minute").isBetween(0.9, 8.0);
        assertThat(f.reason()).isEqualTo("stalled: no data for 1s");
        assertThat(f.retryable()).isTrue();
    }

    @Test
    void aBodyThatTricklesWithoutEverPausingHitsTheWholeAttemptTimeout() throws Exception {
        byte[] img = TestImages.jpeg(40, 40, 3);
        server.sequence("/trickle", (req, socket, out) -> {
            head(out, 200, "Content-Type", JPEG, "Content-Length", Integer.toString(img.length));
            for (byte b : img) { // a byte every 100 ms: never idle for 1 s, done only after a minute
                out.write(b);
                out.flush();
                Thread.sleep(100);
            }
            return false;
        });
        long t0 = System.nanoTime();

        FetchFailure f = failure("/trickle");

        assertThat(secondsSince(t0)).as("the body would take a minute").isBetween(2.9, 10.0);
        assertThat(f.reason()).isEqualTo("timeout: no complete answer in 3s");
        assertThat(f.hostFault()).as("counts against the host's breaker").isTrue();
        assertThat(f.retryable()).isTrue();
    }

    // ---------------------------------------------------------------- Range resume

    /** A 3 MiB body that is a JPEG to the checks (a real head, noise, EOI): large enough to be resumable. */
    static byte[] bigJpeg() {
        byte[] big = new byte[3 << 20];
        byte[] head = TestImages.jpeg(64, 48, 9);
        System.arraycopy(head, 0, big, 0, head.length);
        for (int i = head.length; i < big.length; i++) {
            big[i] = (byte) (i * 31 % 251); // never 0xFF: no marker in the noise
        }
        big[big.length - 2] = (byte) 0xFF;
        big[big.length - 1] = (byte) 0xD9;
        return big;
    }

    /** What an interrupted attempt leaves: {@code part} bytes in a.part and the sidecar naming the validator. */
    void interrupted(byte[] part, String path, String etag, long length) throws Exception {
        Files.createDirectories(dir);
        Files.write(dir.resolve("a.part"), part);
        new PartialDownload(server.url(path), etag, null, length).write(dir.resolve("a.part"));
    }

    @Test
    void aPartWithItsSidecarIsResumedWithRangeAndEndsByteIdentical() throws Exception {
        byte[] big = bigJpeg();
        int have = 1_500_000;
        server.image("/big.jpg", big, JPEG);
        interrupted(Arrays.copyOf(big, have), "/big.jpg", FaultServer.etag(big), big.length);

        Fetched ok = fetch("/big.jpg");

        assertThat(server.requestHeader("/big.jpg", "Range")).containsExactly("bytes=" + have + "-");
        assertThat(server.requestHeader("/big.jpg", "If-Range")).containsExactly(FaultServer.etag(big));
        assertThat(ok.resumed()).isTrue();
        assertThat(ok.file()).isEqualTo(dir.resolve("a.jpg"));
        assertThat(Files.readAllBytes(ok.file())).isEqualTo(big);
        assertThat(ok.bytes()).isEqualTo(big.length);
        assertThat(ok.sha256())
                .as("the digest covers the bytes of both attempts")
                .isEqualTo(Hashes.sha256Hex(ok.file()));
        assertThat(dir.resolve("a.part")).doesNotExist();
        assertThat(PartialDownload.sidecar(dir.resolve("a.part"))).doesNotExist();
    }

    @Test
    void aServerThatIgnoresRangeGetsTheWholeBodyAgainNotSplicedOntoThePart() throws Exception {
        byte[] big = bigJpeg();
        // the server answers every request with the whole body, as if it had no Range support
        server.sequence("/big.jpg", (req, socket, out) -> {
            Map<String, String> withoutRange = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            withoutRange.putAll(req.headers());
            withoutRange.remove("Range");
            return FaultServer.ok(big, JPEG)
                    .respond(
                            new FaultServer.Request(req.method(), req.path(), req.target(), withoutRange), socket, out);
        });
        byte[] stale = new byte[1_500_000];
        Arrays.fill(stale, (byte) 0x55); // spliced, these would show in the file
        interrupted(stale, "/big.jpg", FaultServer.etag(big), big.length);

        Fetched ok = fetch("/big.jpg");

        assertThat(server.requestHeader("/big.jpg", "Range")).as("it was asked").hasSize(1);
        assertThat(ok.resumed()).isFalse();
        assertThat(Files.readAllBytes(ok.file())).isEqualTo(big);
        assertThat(PartialDownload.sidecar(dir.resolve("a.part"))).doesNotExist();
    }

    @Test
    void aChangedImageFailsIfRangeAndIsFetchedWhole() throws Exception {
        byte[] big = bigJpeg();
        server.image("/big.jpg", big, JPEG);
        byte[] old = bigJpeg();
        old[100_000] = 1; // the image the .part came from differed, and so did its ETag
        interrupted(Arrays.copyOf(old, 1_500_000), "/big.jpg", FaultServer.etag(old), old.length);

        Fetched ok = fetch("/big.jpg");

        assertThat(server.requestHeader("/big.jpg", "If-Range")).containsExactly(FaultServer.etag(old));
        assertThat(ok.resumed()).isFalse();
        assertThat(Files.readAllBytes(ok.file())).isEqualTo(big);
    }

    @Test
    void aRangeThatStartsElsewhereIsRefusedAndThePartDropped() throws Exception {
        byte[] big = bigJpeg();
        // a server that answers any Range with the range from 0: a 206 that does not continue the .part
        server.sequence("/big.jpg", (req, socket, out) -> {
            Map<String, String> fromZero = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            fromZero.putAll(req.headers());
            fromZero.put("Range", "bytes=0-");
            return FaultServer.ok(big, JPEG)
                    .respond(new FaultServer.Request(req.method(), req.path(), req.target(), fromZero), socket, out);
        });
        interrupted(Arrays.copyOf(big, 1_500_000), "/big.jpg", FaultServer.etag(big), big.length);

        FetchFailure f = failure("/big.jpg");

        assertThat(f.reason()).isEqualTo("server sent an unexpected range");
        assertThat(f.retryable()).isTrue();
        assertThat(dir.resolve("a.part")).as("the next attempt starts clean").doesNotExist();
        assertThat(PartialDownload.sidecar(dir.resolve("a.part"))).doesNotExist();
    }

    // ---------------------------------------------------------------- redirects

    /** /hop0 → /hop1 → ... → /hop{n-1} → /img.jpg: n redirects. */
    void chain(int n, byte[] img) {
        for (int i = 0; i < n; i++) {
            server.redirect("/hop" + i, server.url(i + 1 < n ? "/hop" + (i + 1) : "/img.jpg"), i % 2 == 0 ? 302 : 301);
        }
        server.image("/img.jpg", img, JPEG);
    }

    @Test
    void tenRedirectsAreFollowed() throws Exception {
        byte[] img = TestImages.jpeg(12, 12, 4);
        chain(10, img);

        Fetched ok = fetch("/hop0");

        assertThat(Files.readAllBytes(ok.file())).isEqualTo(img);
        assertThat(server.hits("/img.jpg")).isEqualTo(1);
    }

    @Test
    void anEleventhRedirectFailsTheItemForGoodWithAClearReason() throws Exception {
        chain(11, TestImages.jpeg(12, 12, 5));

        FetchFailure f = failure("/hop0");

        assertThat(f.reason()).isEqualTo("too many redirects (http 302)"); // /hop10's, the 11th
        assertThat(f.retryable()).as("a loop does not end by asking again").isFalse();
        assertThat(server.hits("/img.jpg")).isZero();
        assertThat(dir.resolve("a.part")).doesNotExist();
    }

    @Test
    void aRedirectToAnotherSchemeFailsNamingIt() throws Exception {
        server.redirect("/ftp", "ftp://127.0.0.1/a.jpg", 302);

        FetchFailure f = failure("/ftp");

        assertThat(f.reason()).contains("ftp");
        assertThat(f.retryable()).isFalse();
    }

    // ---------------------------------------------------------------- plumbing

    static double secondsSince(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** A response head written by hand, for answers FaultServer has no behaviour for. */
    static void head(OutputStream out, int status, String... headers) throws java.io.IOException {
        StringBuilder sb = new StringBuilder("HTTP/1.1 " + status + " OK\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            sb.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        out.write(sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }
}
