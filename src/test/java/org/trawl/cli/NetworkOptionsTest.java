package org.trawl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.core.ExitCode;
import org.trawl.testing.FaultServer;
import org.trawl.testing.TestImages;

/**
 * -H, --netrc and --cookies reach the origins they are meant for and no other, and never show up in
 * what trawl writes or prints; --rate, --limit-rate and --max-retry-wait pace the downloads.
 */
@QuarkusMainTest
class NetworkOptionsTest {
    static final String JPEG = "image/jpeg";
    static final String TOKEN = "tok-9f8e7d6c5b4a";
    static final String PASSWORD = "pw-1a2b3c4d5e";
    static final String COOKIE = "ck-0a9b8c7d6e";

    @TempDir
    Path tmp;

    Path out;
    FaultServer a; // 127.0.0.1, the list's first origin
    FaultServer b; // 127.0.0.1 on another port: another origin, named by the list too
    FaultServer c; // 127.0.0.2: another host, named only by a redirect
    final byte[] img = TestImages.jpeg(16, 12, 5);

    @BeforeEach
    void start() throws Exception {
        out = tmp.resolve("out");
        a = FaultServer.start();
        b = FaultServer.start();
        c = FaultServer.start(InetAddress.getByName("127.0.0.2"));
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
        c.close();
    }

    Path file(String name, String content) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    static String[] args(Object... a) {
        return Stream.of(a).map(String::valueOf).toArray(String[]::new);
    }

    @Test
    void aHeaderGoesToTheListsOriginsAndNotWhereARedirectLeads(QuarkusMainLauncher launcher) throws Exception {
        a.image("/a.jpg", img, JPEG).redirect("/away.jpg", b.url("/moved.jpg"), 302);
        a.redirect("/here.jpg", "/a2.jpg", 302).image("/a2.jpg", img, JPEG);
        b.image("/b.jpg", img, JPEG).image("/moved.jpg", img, JPEG);
        Path list = file(
                "l.txt",
                String.join("\n", a.url("/a.jpg"), a.url("/away.jpg"), a.url("/here.jpg"), b.url("/b.jpg")) + "\n");

        LaunchResult r = launcher.launch(
                args("urls", list, "-o", out, "-H", "X-Token: " + TOKEN, "--header", "X-Team:  blue ", "--json"));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        assertThat(a.requestHeader("/a.jpg", "X-Token")).containsExactly(TOKEN);
        assertThat(a.requestHeader("/a.jpg", "X-Team")).containsExactly("blue");
        assertThat(a.requestHeader("/a2.jpg", "X-Token"))
                .as("a redirect within the origin keeps it")
                .containsExactly(TOKEN);
        assertThat(b.requestHeader("/b.jpg", "X-Token"))
                .as("the list names this origin")
                .containsExactly(TOKEN);
        assertThat(b.hits("/moved.jpg")).isEqualTo(1);
        assertThat(b.requestHeader("/moved.jpg", "X-Token"))
                .as("a redirect to another origin (another port) drops it")
                .isEmpty();
        assertThat(b.requestHeader("/moved.jpg", "X-Team")).isEmpty();
        assertNowhere(r, TOKEN);
    }

    @Test
    void netrcAndCookiesGoToTheirHostsOnly(QuarkusMainLauncher launcher) throws Exception {
        a.image("/a.jpg", img, JPEG).image("/private/p.jpg", img, JPEG).redirect("/away.jpg", c.url("/c.jpg"), 302);
        c.image("/c.jpg", img, JPEG).image("/c2.jpg", img, JPEG);
        Path netrc = file(
                "netrc",
                "# logins\nmachine example.org login other password nope\n"
                        + "macdef init\nmachine 127.0.0.1 login evil password evil\n\n"
                        + "machine 127.0.0.1\n  login \"me too\"\n  password " + PASSWORD + "\n");
        long future = System.currentTimeMillis() / 1000 + 86_400;
        Path cookies = file(
                "cookies.txt",
                "# Netscape HTTP Cookie File\n"
                        + "127.0.0.1\tFALSE\t/\tFALSE\t0\tsid\t" + COOKIE + "\n"
                        + "#HttpOnly_127.0.0.1\tFALSE\t/private\tFALSE\t" + future + "\tdeep\tyes\n"
                        + "127.0.0.1\tFALSE\t/\tTRUE\t0\tsecure\tno-over-http\n"
                        + "127.0.0.1\tFALSE\t/\tFALSE\t1000\told\texpired\n"
                        + ".example.org\tTRUE\t/\tFALSE\t0\telse\twhere\n");
        Path list = file(
                "l.txt",
                String.join("\n", a.url("/a.jpg"), a.url("/private/p.jpg"), a.url("/away.jpg"), c.url("/c2.jpg"))
                        + "\n");

        LaunchResult r =
                launcher.launch(args("urls", list, "-o", out, "--netrc-file", netrc, "--cookies", cookies, "--json"));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        String basic =
                "Basic " + Base64.getEncoder().encodeToString(("me too:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(a.requestHeader("/a.jpg", "Authorization")).containsExactly(basic);
        assertThat(a.requestHeader("/a.jpg", "Cookie")).containsExactly("sid=" + COOKIE);
        assertThat(a.requestHeader("/private/p.jpg", "Cookie"))
                .as("longer path first; the secure and the expired cookie are not sent")
                .containsExactly("deep=yes; sid=" + COOKIE);
        assertThat(c.hits("/c.jpg")).isEqualTo(1);
        assertThat(c.requestHeader("/c.jpg", "Authorization"))
                .as("a redirect to another host gets no credentials")
                .isEmpty();
        assertThat(c.requestHeader("/c.jpg", "Cookie")).isEmpty();
        assertThat(c.requestHeader("/c2.jpg", "Authorization"))
                .as("no netrc entry for this host")
                .isEmpty();
        assertThat(c.requestHeader("/c2.jpg", "Cookie")).isEmpty();
        assertNowhere(r, PASSWORD);
        assertNowhere(r, COOKIE);
        assertNowhere(r, basic.substring(6));
    }

    @Test
    void aBadHeaderIsOneLineThatDoesNotRepeatItsValue(QuarkusMainLauncher launcher) throws Exception {
        Path list = file("l.txt", a.url("/a.jpg") + "\n");
        for (String bad : new String[] {"NoColon " + TOKEN, "Bad Name: " + TOKEN, "X-Ok: " + TOKEN + "\r\nX-Evil: 1"}) {
            LaunchResult r = launcher.launch(args("urls", list, "-o", out, "-H", bad));

            assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(errorOutput(r)).startsWith("trawl: --header").doesNotContain(TOKEN);
            assertThat(errorOutput(r).strip().lines()).hasSize(1);
        }
        assertThat(a.hits("/a.jpg")).isZero();
        LaunchResult missing = launcher.launch(args("urls", list, "-o", out, "--netrc-file", tmp.resolve("none")));
        assertThat(missing.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(missing.getErrorOutput()).contains("trawl: --netrc-file: no such file");
    }

    /** What the user sees on stderr (the packaged app's start and stop log lines left out in {@code IT}). */
    String errorOutput(LaunchResult r) {
        return r.getErrorOutput()
                .lines()
                .filter(
                        l -> !l.matches(
                                "trawl: (trawl .* started in .*|Profile prod activated\\. ?|Installed features: .*|trawl stopped in .*)"))
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    /** The requests' arrival times, in nanoseconds, at every path of {@code s} that serves {@code body}. */
    static List<Long> timed(FaultServer s, List<String> paths, byte[] body) {
        List<Long> times = Collections.synchronizedList(new ArrayList<>());
        FaultServer.Behaviour ok = FaultServer.ok(body, JPEG);
        for (String p : paths) {
            s.sequence(p, (req, socket, o) -> {
                times.add(System.nanoTime());
                return ok.respond(req, socket, o);
            });
        }
        return times;
    }

    static double spreadSeconds(List<Long> times) {
        synchronized (times) {
            return (Collections.max(times) - Collections.min(times)) / 1e9;
        }
    }

    @Test
    void rateSpacesTheRequestsToAHost(QuarkusMainLauncher launcher) throws Exception {
        List<String> paths = new ArrayList<>();
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            paths.add("/r" + i + ".jpg");
            l.append(a.url("/r" + i + ".jpg")).append('\n');
        }
        List<Long> times = timed(a, paths, img);
        Path list = file("l.txt", l.toString());

        LaunchResult r = launcher.launch(args("urls", list, "-o", out, "--rate", 5));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        assertThat(times).hasSize(10);
        // the rate spaces the starts of the requests; the first one's connection (and, in a fresh packaged app,
        // its class loading) delays its arrival, so the spacing is measured from the second arrival on
        assertThat(spreadSeconds(times.subList(1, times.size())))
                .as("9 requests at 5/s")
                .isGreaterThanOrEqualTo(1.5);

        times.clear();
        LaunchResult free = launcher.launch(args("urls", list, "-o", tmp.resolve("out2")));
        assertThat(free.exitCode()).isZero();
        assertThat(times).hasSize(10);
        assertThat(spreadSeconds(times)).as("no rate, no spacing").isLessThan(1.0);
    }

    @Test
    void aRateBelowOnePerSecondIsAccepted(QuarkusMainLauncher launcher) throws Exception {
        List<Long> times = timed(a, List.of("/x.jpg", "/y.jpg", "/z.jpg"), img);
        Path list = file("l.txt", a.url("/x.jpg") + "\n" + a.url("/y.jpg") + "\n" + a.url("/z.jpg") + "\n");

        LaunchResult r = launcher.launch(args("urls", list, "-o", out, "--rate", "0.8"));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        assertThat(times).hasSize(3);
        // 1.25 s apart: measured from the second arrival on, as above
        assertThat(spreadSeconds(times.subList(1, 3))).isGreaterThanOrEqualTo(1.1);
        LaunchResult zero = launcher.launch(args("urls", list, "-o", out, "--rate", "0"));
        assertThat(zero.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(zero.getErrorOutput()).contains("trawl: --rate must be");
    }

    /** A PNG of noise, which does not compress: about {@code 3 * side * side} bytes. */
    static byte[] noisePng(int side, long seed) throws IOException {
        Random rnd = new Random(seed);
        BufferedImage im = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                im.setRGB(x, y, rnd.nextInt(0x1000000));
            }
        }
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ImageIO.write(im, "png", o);
        return o.toByteArray();
    }

    @Test
    void limitRateCapsTheBandwidthOfAllTransfers(QuarkusMainLauncher launcher) throws Exception {
        StringBuilder l = new StringBuilder();
        long total = 0;
        for (int i = 0; i < 4; i++) {
            byte[] png = noisePng(300, i);
            total += png.length;
            a.image("/n" + i + ".png", png, "image/png");
            l.append(a.url("/n" + i + ".png")).append('\n');
        }
        assertThat(total).isGreaterThan(1_000_000);
        Path list = file("l.txt", l.toString());

        LaunchResult r = launcher.launch(args("urls", list, "-o", out, "--limit-rate", "500K", "--json"));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        assertThat(r.getOutput()).contains("\"fetched\":4");
        assertThat(runSeconds(r)).as("over 1 MB at 500 KB/s").isGreaterThanOrEqualTo(1.8);
    }

    @Test
    void aRetryAfterLongerThanTheCapFailsTheItemAtOnce(QuarkusMainLauncher launcher) throws Exception {
        a.sequence("/busy.jpg", FaultServer.retryAfterSeconds(429, 4), FaultServer.ok(img, JPEG));
        Path list = file("l.txt", a.url("/busy.jpg") + "\n");

        LaunchResult r = launcher.launch(args("urls", list, "-o", out, "--max-retry-wait", "2s", "--json"));

        assertThat(r.exitCode()).isEqualTo(ExitCode.PARTIAL);
        assertThat(a.hits("/busy.jpg")).isEqualTo(1);
        assertThat(Files.readString(out.resolve("failures.csv"))).contains("longer than --max-retry-wait");
        assertThat(runSeconds(r)).as("failed at once").isLessThan(2);

        a.sequence("/later.jpg", FaultServer.retryAfterSeconds(429, 1), FaultServer.ok(img, JPEG));
        Path other = file("l2.txt", a.url("/later.jpg") + "\n");
        LaunchResult waited =
                launcher.launch(args("urls", other, "-o", tmp.resolve("out2"), "--max-retry-wait", "5s", "--json"));
        assertThat(waited.exitCode()).as(waited.getErrorOutput()).isZero();
        assertThat(a.hits("/later.jpg"))
                .as("asked to wait less than the cap: waited, then retried")
                .isEqualTo(2);
        assertThat(runSeconds(waited)).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void theProgressLineSaysWhatTrawlWaitsFor(QuarkusMainLauncher launcher) throws Exception {
        a.sequence("/slow.jpg", FaultServer.retryAfterSeconds(503, 6), FaultServer.ok(img, JPEG));
        Path list = file("l.txt", a.url("/slow.jpg") + "\n");

        LaunchResult r = launcher.launch(args("urls", list, "-o", out));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        assertThat(r.getErrorOutput()).contains("waiting: Retry-After 6s 127.0.0.1");

        List<Long> times = timed(a, List.of("/r0.jpg", "/r1.jpg", "/r2.jpg"), img);
        Path rated = file("r.txt", a.url("/r0.jpg") + "\n" + a.url("/r1.jpg") + "\n" + a.url("/r2.jpg") + "\n");
        LaunchResult slow = launcher.launch(args("urls", rated, "-o", tmp.resolve("out2"), "--rate", "0.3"));

        assertThat(slow.exitCode()).as(slow.getErrorOutput()).isZero();
        assertThat(times).hasSize(3);
        assertThat(slow.getErrorOutput()).contains("waiting: rate limit 127.0.0.1");
    }

    /** The run's own duration, from its --json summary (the launch itself takes a while too). */
    static double runSeconds(LaunchResult r) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("\"seconds\":([0-9.]+)").matcher(r.getOutput());
        assertThat(m.find()).as(r.getOutput()).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** {@code secret} is in no file of the dataset (checkpoint, metadata.csv, logs) and not in what trawl printed. */
    void assertNowhere(LaunchResult r, String secret) throws IOException {
        assertThat(r.getOutput()).doesNotContain(secret);
        assertThat(r.getErrorOutput()).doesNotContain(secret);
        try (Stream<Path> files = Files.walk(out)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertThat(text).as(out.relativize(f).toString()).doesNotContain(secret);
            }
        }
    }
}
