package org.trawl.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.checkpoint.ItemRecord;
import org.trawl.checkpoint.StateLayout;
import org.trawl.core.Box;
import org.trawl.core.Checksum;
import org.trawl.core.CloseableIterator;
import org.trawl.core.MediaItem;
import org.trawl.core.Shard;
import org.trawl.core.TrawlException;
import org.trawl.fetch.FetchOptions;
import org.trawl.plan.PlanFile;
import org.trawl.plan.PlanOptions;
import org.trawl.plan.PlannedItem;
import org.trawl.plan.Planner;
import org.trawl.source.DatasetSink;
import org.trawl.source.MediaSource;
import org.trawl.testing.FaultServer;
import org.trawl.testing.TestImages;

/**
 * A run reads its source once: the planning pass writes the plan, and the download, the duplicate pass and
 * the sinks read that. What they see is what they saw when each asked the source again.
 */
@QuarkusTest
class ReadOnceTest {
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

    /** Counts its reads, and hands its sink's items to the test. */
    static final class CountingSource implements MediaSource {
        final List<MediaItem> items;
        final AtomicInteger reads = new AtomicInteger();
        final List<PlannedItem> sunk = new ArrayList<>();
        final List<String> outcomes = new ArrayList<>();

        CountingSource(List<MediaItem> items) {
            this.items = items;
        }

        @Override
        public CloseableIterator<MediaItem> items() {
            reads.incrementAndGet();
            return CloseableIterator.of(items.iterator());
        }

        @Override
        public List<DatasetSink> sinks(Path out) {
            sunk.clear();
            outcomes.clear();
            return List.of(new DatasetSink() {
                @Override
                public void accept(PlannedItem item, ItemRecord record) {
                    sunk.add(item);
                    outcomes.add(record == null ? "missing" : record.status() + ":" + record.path());
                }

                @Override
                public void close() {}
            });
        }
    }

    DatasetJob.Settings settings(Path out, Shard shard, boolean dryRun) {
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
        return new DatasetJob.Settings(out, f, new PlanOptions(null, null, shard, 0), dryRun, false, true)
                .withDedup(true);
    }

    JobResult run(MediaSource source, Path out, Shard shard, boolean dryRun) {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return job.run(source, settings(out, shard, dryRun), quiet);
    }

    /** Items with every attribute a source can set, a renamed one, a repeat and two copies of one image. */
    List<MediaItem> items() throws Exception {
        byte[] a = TestImages.jpeg(16, 12, 1), b = TestImages.png(9, 7, 2);
        server.image("/a", a, "image/jpeg")
                .image("/b", b, "image/png")
                .image("/a-copy", a, "image/jpeg")
                .image("/other/original.jpg", b, "image/png")
                .image("/c", a, "image/jpeg");
        Map<String, String> fields = new HashMap<>();
        fields.put("locality", "Île d'Yeu, \"quoted\"\nnew line");
        fields.put("empty", null);
        String sha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(a));
        List<MediaItem> list = new ArrayList<>();
        list.add(new MediaItem(
                server.url("/a"),
                "Quercus robur",
                "original.jpg",
                "test",
                "id-1",
                "CC-BY 4.0",
                "Jo",
                fields,
                null,
                new Checksum("SHA256", sha.toUpperCase()),
                List.of(
                        new Box("leaf", 0.5, 1.25, 3.0000000000000004, 7, "box-1", Map.of("observer", "Al")),
                        new Box("acorn", 1, 2, 3, 4)),
                null));
        list.add(MediaItem.of(server.url("/b"), "Fagus").withSubset("val"));
        list.add(MediaItem.of(server.url("/a-copy"), "Quercus robur")); // the same image: dropped by --dedup
        // the same name as the first item from another URL: renamed with a hash of its URL
        list.add(new MediaItem(
                server.url("/other/original.jpg"), "Quercus robur", "original.jpg", null, null, null, null, Map.of()));
        list.add(MediaItem.of(server.url("/b"), "Fagus").withSubset("val")); // a repeat: planned once
        list.add(MediaItem.of(server.url("/c"), null).withPath("book: one/0001"));
        return list;
    }

    static List<PlannedItem> plan(List<MediaItem> items, Shard shard) {
        List<PlannedItem> out = new ArrayList<>();
        new Planner(new PlanOptions(null, null, shard, 0))
                .plan(items.iterator())
                .forEachRemaining(out::add);
        return out;
    }

    @Test
    void aRunReadsTheSourceOnceAndEveryPassSeesTheSameItems() throws Exception {
        CountingSource source = new CountingSource(items());
        Path out = tmp.resolve("out");
        JobResult.Fetched result = (JobResult.Fetched) run(source, out, Shard.WHOLE, false);
        assertThat(source.reads).hasValue(1);
        List<PlannedItem> expected = plan(source.items, Shard.WHOLE);
        assertThat(expected).hasSize(5);
        // equal records: every attribute of each item, its fields, boxes and checksum, survived the plan file
        assertThat(source.sunk).containsExactlyElementsOf(expected);
        assertThat(result.plan().items()).isEqualTo(5);
        assertThat(result.plan().renamed()).isEqualTo(1);
        assertThat(result.plan().repeated()).isEqualTo(1);
        assertThat(result.dropped().droppedNow()).isEqualTo(1); // the duplicate pass read the plan too
        assertThat(source.outcomes)
                .containsExactly(
                        "done:Quercus robur/original.jpg.jpg",
                        "done:val/Fagus/" + expected.get(1).stem() + ".png",
                        "missing",
                        "done:" + expected.get(3).key() + ".png",
                        "done:book_ one/0001.jpg");
        assertThat(Files.readString(out.resolve("duplicates.csv"))).contains("duplicate_in_label");
        assertThat(Files.readString(out.resolve("metadata.csv")))
                .contains("book_ one/0001.jpg")
                .doesNotContain("/a-copy");
        assertThat(StateLayout.root(out).resolve(PlanFile.NAME))
                .as("deleted once the run is over")
                .doesNotExist();

        // a second run, with everything done: still one read, the same items
        assertThat(run(source, out, Shard.WHOLE, false)).isInstanceOf(JobResult.Fetched.class);
        assertThat(source.reads).hasValue(2);
        assertThat(source.sunk).containsExactlyElementsOf(expected);
    }

    @Test
    void eachShardReadsTheSourceOnceAndTheLastWritesTheWholePlan() throws Exception {
        CountingSource source = new CountingSource(items());
        Path out = tmp.resolve("out");
        run(source, out, new Shard(0, 2), false);
        assertThat(source.reads).hasValue(1);
        run(source, out, new Shard(1, 2), false);
        assertThat(source.reads).hasValue(2);
        assertThat(source.sunk).containsExactlyElementsOf(plan(source.items, Shard.WHOLE));
        assertThat(source.outcomes).filteredOn("missing"::equals).hasSize(1); // the copy --dedup dropped
    }

    @Test
    void aPlanCutShortByABadInputIsNotLeftBehind() throws Exception {
        List<MediaItem> items = items();
        MediaSource broken = () -> CloseableIterator.of(java.util.stream.Stream.concat(
                        items.stream(),
                        java.util.stream.Stream.<MediaItem>generate(() -> {
                                    throw TrawlException.usage("list.txt:7: not an http(s) URL");
                                })
                                .limit(1))
                .iterator());
        Path out = tmp.resolve("out");
        assertThatThrownBy(() -> run(broken, out, Shard.WHOLE, false)).hasMessageContaining("list.txt:7");
        assertThat(server.hits("/a")).as("validated before any download").isZero();
        assertThat(StateLayout.root(out).resolve(PlanFile.NAME)).doesNotExist();
    }

    @Test
    void aDryRunReadsTheSourceOnceAndWritesNothing() throws Exception {
        CountingSource source = new CountingSource(items());
        Path out = tmp.resolve("out");
        JobResult planned = run(source, out, Shard.WHOLE, true);
        assertThat(planned).isInstanceOf(JobResult.Planned.class);
        assertThat(source.reads).hasValue(1);
        assertThat(out).doesNotExist();
    }
}
