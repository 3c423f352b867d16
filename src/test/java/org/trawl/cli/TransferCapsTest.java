package org.trawl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.testing.FaultServer;
import org.trawl.testing.TestImages;

/**
 * -j and --per-host hold while transfers hand their slots straight to the next waiting one, failures
 * included: the servers count the requests they are answering at the same moment.
 */
@QuarkusMainTest
class TransferCapsTest {
    @TempDir
    Path tmp;

    final List<FaultServer> servers = new ArrayList<>();
    final AtomicInteger now = new AtomicInteger(), mostAtOnce = new AtomicInteger();

    @AfterEach
    void stop() {
        servers.forEach(FaultServer::close);
    }

    /** A fault server on {@code address}, closed after the test: two addresses are two hosts to trawl. */
    FaultServer server(InetAddress address) {
        FaultServer s = FaultServer.start(address);
        servers.add(s);
        return s;
    }

    /** Holds each request for a while and counts it as in progress until just before the answer is written. */
    FaultServer.Behaviour counted(AtomicInteger hostNow, AtomicInteger hostMost, FaultServer.Behaviour answer) {
        return (req, socket, out) -> {
            hostMost.accumulateAndGet(hostNow.incrementAndGet(), Math::max);
            mostAtOnce.accumulateAndGet(now.incrementAndGet(), Math::max);
            try {
                Thread.sleep(120);
            } finally {
                hostNow.decrementAndGet();
                now.decrementAndGet();
            }
            return answer.respond(req, socket, out);
        };
    }

    /** A host with {@code n} images, a 404 and an item that fails once with 500; returns its list lines. */
    String host(FaultServer s, int n, AtomicInteger most) {
        AtomicInteger hostNow = new AtomicInteger();
        StringBuilder urls = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.sequence(
                    "/i" + i + ".jpg", counted(hostNow, most, FaultServer.ok(TestImages.jpeg(8, 8, i), "image/jpeg")));
            urls.append(s.url("/i" + i + ".jpg")).append('\n');
        }
        s.sequence("/gone.jpg", counted(hostNow, most, FaultServer.status(404, "gone")));
        s.sequence(
                "/flaky.jpg",
                counted(hostNow, most, FaultServer.status(500, "busy")),
                counted(hostNow, most, FaultServer.ok(TestImages.jpeg(9, 9, 99), "image/jpeg")));
        return urls.append(s.url("/gone.jpg"))
                .append('\n')
                .append(s.url("/flaky.jpg"))
                .append('\n')
                .toString();
    }

    LaunchResult run(QuarkusMainLauncher launcher, String list, int jobs, int perHost) throws Exception {
        Path l = tmp.resolve("urls-" + jobs + ".txt");
        Files.writeString(l, list, StandardCharsets.UTF_8);
        return launcher.launch(
                "urls",
                l.toString(),
                "-o",
                tmp.resolve("out-" + jobs).toString(),
                "-j",
                "" + jobs,
                "--per-host",
                "" + perHost,
                "--retries",
                "2");
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void perHostCapHoldsAndIsUsed(QuarkusMainLauncher launcher) throws Exception {
        FaultServer a = server(InetAddress.getLoopbackAddress());
        AtomicInteger mostA = new AtomicInteger();

        LaunchResult r = run(launcher, host(a, 14, mostA), 8, 3);

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(3); // the 404
        assertThat(r.getOutput()).contains("15 fetched");
        assertThat(mostA.get()).isEqualTo(3);
        assertThat(a.mostOpenAtOnce()).as("connections, idle ones included").isLessThanOrEqualTo(3);
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void jobsCapHoldsAcrossHostsAndIsUsed(QuarkusMainLauncher launcher) throws Exception {
        FaultServer a = server(InetAddress.getLoopbackAddress()), b = server(InetAddress.getByName("127.0.0.2"));
        AtomicInteger mostA = new AtomicInteger(), mostB = new AtomicInteger();
        String list = host(a, 10, mostA) + host(b, 10, mostB);

        LaunchResult r = run(launcher, list, 4, 3);

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(3); // the two 404s
        assertThat(r.getOutput()).contains("22 fetched");
        assertThat(mostAtOnce.get()).isEqualTo(4);
        assertThat(mostA.get()).isBetween(1, 3);
        assertThat(mostB.get()).isBetween(1, 3);
        assertThat(a.mostOpenAtOnce())
                .as("connections to a, idle ones included")
                .isLessThanOrEqualTo(3);
        assertThat(b.mostOpenAtOnce())
                .as("connections to b, idle ones included")
                .isLessThanOrEqualTo(3);
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aPerHostCapOfOneMeansOneConnection(QuarkusMainLauncher launcher) throws Exception {
        FaultServer a = server(InetAddress.getLoopbackAddress()), b = server(InetAddress.getByName("127.0.0.2"));
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            a.image("/a" + i + ".jpg", TestImages.jpeg(8, 8, i), "image/jpeg");
            b.image("/b" + i + ".jpg", TestImages.jpeg(8, 8, 50 + i), "image/jpeg");
            list.append(a.url("/a" + i + ".jpg"))
                    .append('\n')
                    .append(b.url("/b" + i + ".jpg"))
                    .append('\n');
        }

        LaunchResult r = run(launcher, list.toString(), 8, 1);

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        assertThat(a.mostOpenAtOnce()).isEqualTo(1);
        assertThat(b.mostOpenAtOnce()).isEqualTo(1);
    }
}
