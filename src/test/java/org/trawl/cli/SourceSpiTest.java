package org.trawl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.checkpoint.ItemRecord;
import org.trawl.core.Checksum;
import org.trawl.core.CloseableIterator;
import org.trawl.core.ExitCode;
import org.trawl.core.MediaItem;
import org.trawl.core.RequestHeaders;
import org.trawl.fetch.FetchOptions;
import org.trawl.image.ImageFormat;
import org.trawl.image.ImageTransform;
import org.trawl.job.DatasetJob;
import org.trawl.plan.PlanOptions;
import org.trawl.plan.PlannedItem;
import org.trawl.source.DatasetSink;
import org.trawl.source.MediaSource;
import org.trawl.testing.FaultServer;
import org.trawl.testing.TestImages;

/** What a source can ask of the pipeline: its own layout, checksums, request headers, a transform, sinks. */
@QuarkusTest
class SourceSpiTest {
    @Inject
    DatasetJob job;

    FaultServer server;

    @TempDir
    Path tmp;

    @BeforeEach
    void start() {
        server = FaultServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    DatasetJob.Settings settings(Path out) {
        FetchOptions f = new FetchOptions(
                4,
                2,
                1,
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                Duration.ofSeconds(20),
                false,
                false,
                FetchOptions.Mode.RESUME,
                "trawl-test");
        return new DatasetJob.Settings(out, f, PlanOptions.defaults(), false, false, true);
    }

    int run(MediaSource source, Path out) {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return JobReport.run(job, source, settings(out), sink, sink);
    }

    static MediaSource of(List<MediaItem> items) {
        return () -> CloseableIterator.of(items.iterator());
    }

    @Test
    void sourceLayoutIsSanitisedAndStaysInsideOut() throws Exception {
        byte[] a = TestImages.jpeg(10, 10, 1);
        server.image("/a", a, "image/jpeg").image("/b", a, "image/jpeg");
        Path out = tmp.resolve("out");
        int code = run(
                of(List.of(
                        MediaItem.of(server.url("/a"), "x").withPath("Book: one/0001"),
                        MediaItem.of(server.url("/b"), "x").withPath("../../escape/0002"))),
                out);
        assertThat(code).isZero();
        assertThat(out.resolve("Book_ one/0001.jpg")).exists();
        assertThat(out.resolve("_/_/escape/0002.jpg")).exists(); // ".." became a plain "_" folder
        assertThat(tmp.resolve("escape")).doesNotExist();
    }

    @Test
    void checksumsFromTheSourceAreVerified() throws Exception {
        byte[] a = TestImages.jpeg(12, 10, 2), b = TestImages.png(8, 8, 3);
        server.image("/good", a, "image/jpeg").image("/crc", b, "image/png").image("/bad", a, "image/jpeg");
        String md5 = Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("MD5").digest(a));
        CRC32C crc = new CRC32C();
        crc.update(b);
        String crcB64 = Base64.getEncoder()
                .encodeToString(java.nio.ByteBuffer.allocate(4)
                        .putInt((int) crc.getValue())
                        .array());
        Path out = tmp.resolve("out");
        int code = run(
                of(List.of(
                        MediaItem.of(server.url("/good"), "ok").withChecksum(Checksum.fromBase64("md5", md5)),
                        MediaItem.of(server.url("/crc"), "ok").withChecksum(Checksum.fromBase64("crc32c", crcB64)),
                        MediaItem.of(server.url("/bad"), "bad").withChecksum(new Checksum("md5", "00".repeat(16))))),
                out);
        assertThat(code).isEqualTo(ExitCode.PARTIAL);
        assertThat(Files.readString(out.resolve("failures.csv"))).contains("md5 mismatch");
        try (var files = Files.list(out.resolve("bad"))) {
            assertThat(files).isEmpty(); // a body that fails its checksum never lands, not even as .part
        }
        assertThat(Files.readAllLines(out.resolve("metadata.csv"))).hasSize(3);
    }

    @Test
    void requestHeadersAreSentOnEveryAttemptButNeverStored() throws Exception {
        byte[] a = TestImages.jpeg(10, 10, 4);
        server.sequence("/p", FaultServer.status(503, "busy"), FaultServer.ok(a, "image/jpeg"));
        Path out = tmp.resolve("out");
        int[] asked = {0};
        MediaSource source = new MediaSource() {
            @Override
            public CloseableIterator<MediaItem> items() {
                return CloseableIterator.of(
                        List.of(MediaItem.of(server.url("/p"), "x")).iterator());
            }

            @Override
            public RequestHeaders requestHeaders() {
                return url -> Map.of("Authorization", "Bearer secret-" + (++asked[0]));
            }
        };
        assertThat(run(source, out)).isZero();
        assertThat(server.requestHeader("/p", "Authorization")).containsExactly("Bearer secret-1", "Bearer secret-2");
        try (var files = Files.walk(out.resolve(".trawl"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f)).doesNotContain("secret");
            }
        }
    }

    @Test
    void transformRewritesBeforeTheRenameAndRecordsTheServedSize() throws Exception {
        byte[] a = TestImages.jpeg(40, 30, 5), small = TestImages.png(20, 15, 6);
        server.image("/t", a, "image/jpeg");
        Path out = tmp.resolve("out");
        MediaSource source = new MediaSource() {
            @Override
            public CloseableIterator<MediaItem> items() {
                return CloseableIterator.of(
                        List.of(MediaItem.of(server.url("/t"), "x")).iterator());
            }

            @Override
            public ImageTransform transform() {
                return (part, format) -> {
                    assertThat(format).isEqualTo(ImageFormat.JPEG);
                    Files.write(part, small);
                    return new ImageTransform.Result(ImageFormat.PNG, 40, 30, 1, true);
                };
            }
        };
        assertThat(run(source, out)).isZero();
        Path stored = out.resolve("x/" + UrlsCommandTest.sha1(server.url("/t")) + ".png");
        assertThat(Files.readAllBytes(stored)).isEqualTo(small);
        String meta = Files.readString(out.resolve("metadata.csv"));
        assertThat(meta)
                .contains(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(small)))
                .contains("source_width")
                .contains(",20,15,image/png,StillImage,,,,x/" + UrlsCommandTest.sha1(server.url("/t")) + ".png,40,30");
    }

    @Test
    void sinksSeeEveryPlannedItemWithItsOutcome() throws Exception {
        byte[] a = TestImages.jpeg(10, 10, 7);
        server.image("/ok", a, "image/jpeg").status("/gone", 404, "no");
        Path out = tmp.resolve("out");
        List<String> seen = new ArrayList<>();
        boolean[] closed = {false};
        MediaSource source = new MediaSource() {
            @Override
            public CloseableIterator<MediaItem> items() {
                return CloseableIterator.of(
                        List.of(MediaItem.of(server.url("/ok"), "a"), MediaItem.of(server.url("/gone"), "b"))
                                .iterator());
            }

            @Override
            public List<DatasetSink> sinks(Path dir) {
                return List.of(new DatasetSink() {
                    @Override
                    public void accept(PlannedItem item, ItemRecord record) {
                        seen.add(item.label() + "="
                                + (record == null ? "missing" : record.width() + "x" + record.height()));
                    }

                    @Override
                    public void close() {
                        closed[0] = true;
                    }
                });
            }
        };
        assertThat(run(source, out)).isEqualTo(ExitCode.PARTIAL);
        assertThat(seen).containsExactly("a=10x10", "b=missing");
        assertThat(closed[0]).isTrue();
    }
}
