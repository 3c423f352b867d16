package org.trawl.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.trawl.media.MediaFilter;
import org.trawl.testing.FaultServer;
import org.trawl.testing.TestImages;
import org.trawl.testing.TestMedia;

/**
 * One attempt per body and --media-type: a body of the family asked for is kept under the extension its content
 * shows, with what its header told; any other body, whatever its Content-Type, fails with a reason naming what it is.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MediaBodyTest {
    @TempDir
    Path tmp;

    Vertx vertx;
    FaultServer server;
    HttpFetcher fetcher;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        server = FaultServer.start();
        fetcher = new HttpFetcher(
                vertx,
                new FetchOptions(
                        2,
                        2,
                        0,
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(10),
                        false,
                        false,
                        FetchOptions.Mode.RESUME,
                        "trawl-test"));
    }

    @AfterEach
    void stop() throws Exception {
        fetcher.close();
        server.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    Fetched fetch(String path, String mediaType) throws Exception {
        return fetcher.fetch(new FetchRequest(
                        server.url(path), tmp, "a", Map.of(), null, null, "127.0.0.1", MediaFilter.parse(mediaType)))
                .toCompletionStage()
                .toCompletableFuture()
                .get(20, TimeUnit.SECONDS);
    }

    static Stream<Arguments> kept() {
        return Stream.of(
                Arguments.of(TestMedia.wav(22050, 1, 22050), "Sound", "audio/x-wav", "a.wav", "audio/wav", "1.000"),
                Arguments.of(TestMedia.flac(44100, 2, 88200), "Sound", "audio/flac", "a.flac", "audio/flac", "2.000"),
                Arguments.of(TestMedia.mp3(44100, false), "any", "audio/mpeg", "a.mp3", "audio/mpeg", null),
                Arguments.of(
                        TestMedia.oggOpus(48000, 1), "Sound", "application/octet-stream", "a.opus", "audio/ogg", null),
                Arguments.of(
                        TestMedia.isoBmff("isom", "vide", 1000, 4000, 320, 240),
                        "MovingImage",
                        "video/mp4",
                        "a.mp4",
                        "video/mp4",
                        "4.000"),
                Arguments.of(TestImages.jpeg(10, 10, 1), "any", "image/jpeg", "a.jpg", "image/jpeg", null));
    }

    @ParameterizedTest(name = "{3} with --media-type {1}")
    @MethodSource("kept")
    void aBodyOfTheFamilyAskedForIsKeptUnderItsOwnExtension(
            byte[] body, String mediaType, String served, String file, String type, String duration) throws Exception {
        server.image("/m", body, served);

        Fetched f = fetch("/m", mediaType);

        assertThat(f.file()).isEqualTo(tmp.resolve(file));
        assertThat(Files.readAllBytes(f.file())).isEqualTo(body);
        assertThat(f.mimeType()).isEqualTo(type);
        assertThat(f.streamFields().get("duration_s")).isEqualTo(duration);
        assertThat(tmp.resolve("a.part")).doesNotExist();
    }

    static Stream<Arguments> refused() {
        byte[] html = "<!DOCTYPE html><html><head><title>Not found</title></head><body>gone</body></html>"
                .getBytes(StandardCharsets.UTF_8);
        return Stream.of(
                Arguments.of(html, "Sound", "audio/mpeg", "not audio: HTML page"),
                Arguments.of(
                        "{\"error\":1}".getBytes(StandardCharsets.UTF_8),
                        "Sound",
                        "audio/mpeg",
                        "not audio: JSON document"),
                Arguments.of(html, "Sound", "text/html", "not audio: text/html"),
                Arguments.of(TestImages.jpeg(10, 10, 1), "Sound", "audio/mpeg", "not audio: JPEG image"),
                Arguments.of(TestMedia.wav(8000, 1, 8000), "StillImage", "image/jpeg", "not an image: WAV audio"),
                Arguments.of(TestMedia.mp3(44100, true), "MovingImage", "video/mp4", "not a video: MP3 audio"),
                Arguments.of(html, "any", "video/mp4", "not a known media file: HTML page"));
    }

    @ParameterizedTest(name = "{3}")
    @MethodSource("refused")
    void anyOtherBodyIsRefusedWithAReadableReason(byte[] body, String mediaType, String served, String reason) {
        server.image("/m", body, served);

        ExecutionException e = assertThrows(ExecutionException.class, () -> fetch("/m", mediaType));

        assertThat(e.getCause()).isInstanceOf(FetchFailure.class);
        assertThat(((FetchFailure) e.getCause()).reason()).isEqualTo(reason);
        assertThat(((FetchFailure) e.getCause()).retryable()).isFalse();
        assertThat(tmp.resolve("a.part")).doesNotExist();
    }

    @Test
    void soundIsAskedForAsAudio() throws Exception {
        server.image("/m", TestMedia.wav(8000, 1, 800), "audio/wav");

        fetch("/m", "Sound");

        assertThat(server.requestHeader("/m", "Accept")).containsExactly("audio/*,*/*;q=0.5");
    }
}
