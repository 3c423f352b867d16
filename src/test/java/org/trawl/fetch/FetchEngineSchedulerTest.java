package org.trawl.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.checkpoint.CheckpointStore;
import org.trawl.checkpoint.ItemRecord;
import org.trawl.checkpoint.KeyIndex;
import org.trawl.checkpoint.StateLayout;
import org.trawl.core.MediaItem;
import org.trawl.plan.PlannedItem;
import org.trawl.progress.RunStats;
import org.trawl.testing.FaultServer;
import org.trawl.testing.TestImages;

/**
 * {@link FetchEngine}'s scheduler on its own, without the command line: a plan of items on local fault
 * servers (each loopback address is a host), a real checkpoint, and the servers counting what they see.
 * It guards what the command tests only see from afar: hosts taken in turn, every slot given back
 * whatever the outcome, and one checkpoint record per item however many attempts it took.
 */
@QuarkusTest
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FetchEngineSchedulerTest {
    static final String JPEG = "image/jpeg";

    @TempDir
    Path tmp;

    @Inject
    FetchEngine engine; // the application's: HostGuards' TypedGuard finds SmallRye Fault Tolerance only in it

    final List<FaultServer> servers = new ArrayList<>();
    /** Every record the checkpoint journaled, in journal order. */
    final List<ItemRecord> journaled = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        servers.forEach(FaultServer::close);
    }

    FaultServer server(String address) throws Exception {
        FaultServer s = FaultServer.start(InetAddress.getByName(address));
        servers.add(s);
        return s;
    }

    static FetchOptions options(int jobs, int perHost, int retries) {
        return new FetchOptions(
                jobs,
                perHost,
                retries,
                Duration.ofSeconds(5),
                Duration.ofSeconds(1),
                Duration.ofSeconds(20),
                false,
                false,
                FetchOptions.Mode.RESUME,
                "trawl-test");
    }

    /** An item of {@code server}'s host, planned as the planner would: key = dir/stem. */
    static PlannedItem item(FaultServer server, String address, String path) {
        String stem = path.substring(1).replace('.', '_');
        return new PlannedItem(
                address + "/" + stem, address, stem, null, null, address, MediaItem.of(server.url(path), null));
    }

    /** Runs the plan to its end with the checkpoint in OUT (made by the first run, read by the next), its journal tapped. */
    RunStats run(List<PlannedItem> plan, FetchOptions options) {
        Path out = tmp.resolve("out");
        RunStats stats = new RunStats();
        try (CheckpointStore store = CheckpointStore.open(StateLayout.root(out), false);
                FetchEngine.Prepared clients = engine.prepare(options)) {
            KeyIndex state = new KeyIndex();
            store.load(state);
            store.tap(journaled::add);
            engine.run(plan.iterator(), new FetchEngine.Run(out, options, store, state, stats), clients);
        }
        return stats;
    }

    /**
     * Holds each request for {@code millis}, noting its arrival in {@code arrivals} and counting it as in
     * progress on its host until just before the answer is written (so a request the client makes after
     * reading an answer never overlaps the one it follows).
     */
    static FaultServer.Behaviour counted(
            String name,
            List<String> arrivals,
            AtomicInteger now,
            AtomicInteger most,
            long millis,
            FaultServer.Behaviour answer) {
        return (req, socket, out) -> {
            arrivals.add(name);
            most.accumulateAndGet(now.incrementAndGet(), Math::max);
            try {
                Thread.sleep(millis);
            } finally {
                now.decrementAndGet();
            }
            return answer.respond(req, socket, out);
        };
    }

    @Test
    void aBusyHostDoesNotStarveTheHostsListedAfterItAndNoHostGoesOverItsCap() throws Exception {
        // the plan lists 12 slow items of one host first, then 3 quick ones of each of two others: -j 4, --per-host 2
        List<String> arrivals = Collections.synchronizedList(new ArrayList<>());
        Map<String, AtomicInteger> most = new HashMap<>();
        List<PlannedItem> plan = new ArrayList<>();
        String[] hosts = {"127.0.0.1", "127.0.0.2", "127.0.0.3"};
        int[] counts = {12, 3, 3};
        long[] millis = {500, 20, 20};
        for (int h = 0; h < hosts.length; h++) {
            FaultServer s = server(hosts[h]);
            AtomicInteger now = new AtomicInteger(), hostMost = new AtomicInteger();
            most.put(hosts[h], hostMost);
            for (int i = 0; i < counts[h]; i++) {
                String path = "/i" + i + ".jpg";
                s.sequence(
                        path,
                        counted(
                                hosts[h],
                                arrivals,
                                now,
                                hostMost,
                                millis[h],
                                FaultServer.ok(TestImages.jpeg(8, 8, h * 100 + i), JPEG)));
                plan.add(item(s, hosts[h], path));
            }
        }

        RunStats stats = run(plan, options(4, 2, 0));

        assertThat(stats.fetched.sum()).isEqualTo(18);
        assertThat(stats.failed.sum()).isZero();
        for (String h : hosts) {
            assertThat(most.get(h).get()).as("requests to %s at once", h).isLessThanOrEqualTo(2);
        }
        assertThat(most.get(hosts[0]).get())
                .as("the cap is used, not only kept")
                .isEqualTo(2);
        for (FaultServer s : servers) {
            assertThat(s.mostOpenAtOnce())
                    .as("connections to %s, idle ones included", s.url(""))
                    .isLessThanOrEqualTo(2);
        }
        // taken in turn, the quick hosts use the two slots the busy one may not: all their requests arrive
        // before the busy host's first two answers free a slot for its third
        List<String> order = List.copyOf(arrivals);
        int thirdOfTheBusyHost = -1;
        for (int i = 0, seen = 0; i < order.size() && thirdOfTheBusyHost < 0; i++) {
            if (order.get(i).equals(hosts[0]) && ++seen == 3) {
                thirdOfTheBusyHost = i;
            }
        }
        int lastOfTheQuickHosts = Math.max(order.lastIndexOf(hosts[1]), order.lastIndexOf(hosts[2]));
        assertThat(lastOfTheQuickHosts).as("arrival order %s", order).isLessThan(thirdOfTheBusyHost);
    }

    @Test
    void failedStalledAndRefusedTransfersGiveTheirSlotBackSoTheRunEnds() throws Exception {
        // -j 2 and more failures than slots: a failure that kept its slot would stop the run for good
        FaultServer s = server("127.0.0.1");
        byte[] img = TestImages.jpeg(16, 16, 1);
        List<PlannedItem> plan = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            s.sequence("/stall" + i, FaultServer.stalled(img, JPEG, 200, 60_000));
            s.sequence("/slowhead" + i, FaultServer.delayed(60_000, FaultServer.ok(img, JPEG)));
            s.sequence("/reset" + i, FaultServer.resetNow());
            s.status("/gone" + i, 404, "gone");
            s.sequence("/cut" + i, FaultServer.truncated(img, JPEG, 100));
            s.sequence("/page" + i, FaultServer.htmlWith200("<html><body>sign in</body></html>"));
            s.image("/ok" + i + ".jpg", TestImages.jpeg(16, 16, 10 + i), JPEG);
            for (String p : List.of("/stall", "/slowhead", "/reset", "/gone", "/cut", "/page", "/ok")) {
                plan.add(item(s, "127.0.0.1", p + i + (p.equals("/ok") ? ".jpg" : "")));
            }
        }
        int closedPort;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = free.getLocalPort();
        }
        for (int i = 0; i < 2; i++) { // nothing listens there any more: refused at connect
            plan.add(new PlannedItem(
                    "refused/r" + i,
                    "refused",
                    "r" + i,
                    null,
                    null,
                    "127.0.0.1",
                    MediaItem.of("http://127.0.0.1:" + closedPort + "/r" + i + ".jpg", null)));
        }
        long t0 = System.nanoTime();

        RunStats stats = run(plan, options(2, 2, 0));

        double secs = (System.nanoTime() - t0) / 1e9;
        assertThat(stats.fetched.sum()).isEqualTo(3);
        assertThat(stats.failed.sum()).isEqualTo(plan.size() - 3);
        assertThat(journaled).hasSize(plan.size());
        // six 1 s timeouts on two slots: about 3 s; far less than any server's 60 s silence
        assertThat(secs).isLessThan(15);
        assertThat(stats.failuresByReason())
                .containsKeys("stalled", "http 404", "connection refused", "truncated", "not an image: text/html");
        for (int i = 0; i < 3; i++) {
            assertThat(Files.readAllBytes(tmp.resolve("out/127.0.0.1/ok" + i + "_jpg.jpg")))
                    .isEqualTo(TestImages.jpeg(16, 16, 10 + i));
        }
    }

    @Test
    void anItemIsRecordedAndCountedOnceHoweverManyAttemptsItTook() throws Exception {
        FaultServer s = server("127.0.0.1");
        byte[] img = TestImages.jpeg(16, 16, 2);
        s.sequence(
                        "/flaky",
                        FaultServer.status(500, "busy"),
                        FaultServer.status(503, "busy"),
                        FaultServer.ok(img, JPEG))
                .sequence("/reset", FaultServer.resetNow(), FaultServer.ok(img, JPEG))
                .sequence("/cut", FaultServer.truncated(img, JPEG, 100), FaultServer.ok(img, JPEG))
                .sequence("/down", FaultServer.status(500, "down"))
                .status("/gone", 404, "gone")
                .image("/ok", img, JPEG);
        List<PlannedItem> plan = new ArrayList<>();
        for (String p : List.of("/flaky", "/reset", "/cut", "/down", "/gone", "/ok")) {
            plan.add(item(s, "127.0.0.1", p));
        }

        RunStats stats = run(plan, options(4, 4, 2));

        Map<String, List<ItemRecord>> byKey = journaled.stream().collect(Collectors.groupingBy(ItemRecord::key));
        assertThat(byKey)
                .hasSize(6)
                .allSatisfy((key, records) -> assertThat(records).as(key).hasSize(1));
        Map<String, String> status = new HashMap<>();
        Map<String, Integer> attempts = new HashMap<>();
        byKey.forEach((key, records) -> {
            status.put(key, records.get(0).status());
            attempts.put(key, records.get(0).attempts());
        });
        String h = "127.0.0.1/";
        assertThat(status)
                .containsEntry(h + "flaky", ItemRecord.DONE)
                .containsEntry(h + "reset", ItemRecord.DONE)
                .containsEntry(h + "cut", ItemRecord.DONE)
                .containsEntry(h + "ok", ItemRecord.DONE)
                .containsEntry(h + "down", ItemRecord.FAILED)
                .containsEntry(h + "gone", ItemRecord.FAILED);
        assertThat(attempts)
                .containsEntry(h + "flaky", 3)
                .containsEntry(h + "reset", 2)
                .containsEntry(h + "cut", 2)
                .containsEntry(h + "ok", 1)
                .containsEntry(h + "down", 3)
                .containsEntry(h + "gone", 1);
        assertThat(s.hits("/flaky")).isEqualTo(3);
        assertThat(s.hits("/down")).isEqualTo(3);
        assertThat(s.hits("/gone")).as("a 404 is not retried").isEqualTo(1);
        assertThat(stats.fetched.sum()).isEqualTo(4);
        assertThat(stats.failed.sum()).isEqualTo(2);
        assertThat(stats.retries.sum()).isEqualTo(2 + 1 + 1 + 2);
        assertThat(stats.failuresByReason()).containsEntry("http 500", 1L).containsEntry("http 404", 1L);
        // and the checkpoint a re-run reads holds those outcomes
        Map<String, String> onDisk = new HashMap<>();
        CheckpointStore.forEachLatest(StateLayout.root(tmp.resolve("out")), r -> onDisk.put(r.key(), r.status()));
        assertThat(onDisk).isEqualTo(status);
    }

    @Test
    void aRerunSkipsWhatTheCheckpointHasDoneCountingItOnceAsSkippedAndRetriesTheRest() throws Exception {
        FaultServer s = server("127.0.0.1");
        s.image("/a", TestImages.jpeg(16, 16, 3), JPEG)
                .image("/b", TestImages.jpeg(16, 16, 4), JPEG)
                .sequence(
                        "/later", FaultServer.status(404, "not yet"), FaultServer.ok(TestImages.jpeg(16, 16, 5), JPEG));
        List<PlannedItem> plan = new ArrayList<>();
        for (String p : List.of("/a", "/b", "/later")) {
            plan.add(item(s, "127.0.0.1", p));
        }
        RunStats first = run(plan, options(4, 4, 0));
        assertThat(first.fetched.sum()).isEqualTo(2);
        assertThat(first.failed.sum()).isEqualTo(1);
        journaled.clear();

        RunStats second = run(plan, options(4, 4, 0));

        assertThat(second.skipped.sum()).isEqualTo(2);
        assertThat(second.fetched.sum()).isEqualTo(1);
        assertThat(second.failed.sum()).isZero();
        assertThat(journaled).extracting(ItemRecord::key).containsExactly("127.0.0.1/later");
        assertThat(s.hits("/a")).as("a finished item costs no request").isEqualTo(1);
        assertThat(s.hits("/b")).isEqualTo(1);
        assertThat(s.hits("/later")).isEqualTo(2);
    }
}
