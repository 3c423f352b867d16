package org.trawl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.testing.FaultServer;
import org.trawl.testing.TestImages;

/** Drives `trawl urls` end to end against the fault-injecting loopback server. */
@QuarkusMainTest
class UrlsCommandTest {
    static final String JPEG = "image/jpeg";
    FaultServer server;

    @TempDir
    Path tmp;

    Path out;

    @BeforeEach
    void start() {
        server = FaultServer.start();
        out = tmp.resolve("out");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    Path list(String name, String content) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    static String[] args(Object... a) {
        return Stream.of(a).map(String::valueOf).toArray(String[]::new);
    }

    static List<String> lines(Path p) throws IOException {
        return Files.readAllLines(p, StandardCharsets.UTF_8);
    }

    static String sha1(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** --dedup and --folds are every downloading command's, not only the GBIF ones' (one mixin). */
    @Test
    void dedupAndFoldsWorkOnAUrlList(QuarkusMainLauncher launcher) throws Exception {
        byte[] a = TestImages.jpeg(37, 23, 1), b = TestImages.jpeg(40, 30, 2), c = TestImages.jpeg(41, 31, 3);
        server.image("/a1.jpg", a, JPEG)
                .image("/a2.jpg", a, JPEG)
                .image("/b.jpg", b, JPEG)
                .image("/c.jpg", c, JPEG);
        Path l = list(
                "l.csv",
                "url,label,basename\n" + server.url("/a1.jpg") + ",oak,a1\n" + server.url("/a2.jpg") + ",oak,a2\n"
                        + server.url("/b.jpg") + ",oak,b\n" + server.url("/c.jpg") + ",pine,c\n");

        LaunchResult r = launcher.launch(args("urls", l, "-o", out, "--dedup", "--folds", "2", "--ood-threshold", "0"));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        assertThat(r.getOutput()).contains("1 dropped as duplicates within a label");
        assertThat(out.resolve("oak/a1.jpg")).exists();
        assertThat(out.resolve("oak/a2.jpg"))
                .as("the copy within the label is deleted")
                .doesNotExist();
        assertThat(lines(out.resolve("duplicates.csv")))
                .anyMatch(x -> x.contains(",oak/a2.jpg,oak,duplicate_in_label,oak/a1.jpg"));
        assertThat(lines(out.resolve("metadata.csv"))).hasSize(4).noneMatch(x -> x.startsWith("oak/a2.jpg,"));
        List<String> folds = lines(out.resolve("folds.csv"));
        assertThat(folds.get(0)).isEqualTo("path,label,set");
        assertThat(folds)
                .hasSize(4)
                .anyMatch(x -> x.startsWith("oak/a1.jpg,oak,"))
                .anyMatch(x -> x.startsWith("pine/c.jpg,pine,"))
                .noneMatch(x -> x.startsWith("oak/a2.jpg"));
    }

    /** gbif-dl writes subset and rightsHolder columns: the first places the item, the second fills rights_holder. */
    @Test
    void aGbifDlListKeepsItsSubsetsAndRightsHolders(QuarkusMainLauncher launcher) throws Exception {
        byte[] a = TestImages.jpeg(37, 23, 1), b = TestImages.jpeg(40, 30, 2);
        server.image("/a.jpg", a, JPEG).image("/b.jpg", b, JPEG);
        Path l = list(
                "gbif-dl.csv",
                "url,basename,label,subset,license,rightsHolder\n" + server.url("/a.jpg")
                        + ",a,oak,train,CC_BY_4_0,Ann\n" + server.url("/b.jpg") + ",b,oak,test,CC0_1_0,Bob\n");

        LaunchResult r = launcher.launch(args("urls", l, "-o", out));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        assertThat(out.resolve("train/oak/a.jpg")).exists();
        assertThat(out.resolve("test/oak/b.jpg")).exists();
        List<String> meta = lines(out.resolve("metadata.csv"));
        assertThat(meta.get(0)).startsWith("path,url,label,subset,source,source_id,license,rights_holder,");
        assertThat(meta)
                .anyMatch(x ->
                        x.startsWith("train/oak/a.jpg," + server.url("/a.jpg") + ",oak,train,urls,,CC_BY_4_0,Ann,"))
                .anyMatch(x -> x.startsWith("test/oak/b.jpg," + server.url("/b.jpg") + ",oak,test,urls,,CC0_1_0,Bob,"));

        // with --split, trawl's own seeded subsets win, and the list's column is carried as a field
        Path out2 = tmp.resolve("out2");
        LaunchResult split = launcher.launch(args("urls", l, "-o", out2, "--split", "all=1"));
        assertThat(split.exitCode()).as(split.getErrorOutput()).isEqualTo(0);
        assertThat(out2.resolve("all/oak/a.jpg")).exists();
        assertThat(out2.resolve("all/oak/b.jpg")).exists();
    }

    @Test
    void foldsMustBeAtLeastTwoOnEveryCommand(QuarkusMainLauncher launcher) throws Exception {
        Path l = list("l.txt", server.url("/a.jpg") + "\n");
        LaunchResult r = launcher.launch(args("urls", l, "-o", out, "--folds", "1"));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.getErrorOutput()).contains("--folds must be at least 2");
    }

    @Test
    void csvListLandsInLabelFoldersWithMetadata(QuarkusMainLauncher launcher) throws Exception {
        byte[] a = TestImages.jpeg(37, 23, 1), b = TestImages.png(40, 30, 2);
        server.image("/a.jpg", a, JPEG).image("/b", b, "image/png");
        Path l = list(
                "l.csv",
                "url,label,site\n" + server.url("/a.jpg") + ",Quercus robur,x1\n" + server.url("/b")
                        + ",\"Pinus, sylvestris\",x2\n");

        LaunchResult r = launcher.launch(args("urls", l, "-o", out));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        Path fa = out.resolve("Quercus robur/" + sha1(server.url("/a.jpg")) + ".jpg");
        Path fb = out.resolve("Pinus, sylvestris/" + sha1(server.url("/b")) + ".png");
        assertThat(Files.readAllBytes(fa)).isEqualTo(a);
        assertThat(Files.readAllBytes(fb)).isEqualTo(b);
        List<String> meta = lines(out.resolve("metadata.csv"));
        assertThat(meta.get(0))
                .isEqualTo(
                        "path,url,label,subset,source,source_id,license,rights_holder,sha256,bytes,width,height,content_type,"
                                + "media_type,duration_s,sample_rate,channels,file_name,site");
        assertThat(meta).hasSize(3);
        assertThat(String.join("\n", meta))
                .contains(sha256(a) + "," + a.length + ",37,23,image/jpeg,StillImage,,,," + out.relativize(fa) + ",x1")
                .contains(sha256(b) + "," + b.length + ",40,30,image/png,StillImage,,,,\"" + out.relativize(fb)
                        + "\",x2");
        assertThat(lines(out.resolve("failures.csv"))).containsExactly("url,path,reason,attempts");
        assertThat(Files.exists(out.resolve(".trawl/checkpoint.json"))).isTrue();
        assertThat(r.getOutput()).contains("2 fetched");
        try (Stream<Path> s = Files.walk(out)) {
            assertThat(s.filter(
                            p -> p.toString().endsWith(".part") || p.toString().endsWith(".draft")))
                    .as("no partial body, and the tables drafted during the run moved into place")
                    .isEmpty();
        }
    }

    @Test
    void fsyncLandsTheSameDatasetAsAPlainRun(QuarkusMainLauncher launcher) throws Exception {
        // on a local disk a plain run stores each file on its event loop, --fsync on a worker thread
        StringBuilder l = new StringBuilder("url,label\n");
        for (int i = 0; i < 12; i++) {
            byte[] img = i % 2 == 0 ? TestImages.jpeg(20 + i, 10 + i, i) : TestImages.png(30 + i, 5 + i, i);
            server.image("/i" + i, img, i % 2 == 0 ? JPEG : "image/png");
            l.append(server.url("/i" + i)).append(",L").append(i % 3).append('\n');
        }
        Path list = list("l.csv", l.toString());
        Path plain = tmp.resolve("plain"), synced = tmp.resolve("synced");

        LaunchResult a = launcher.launch(args("urls", list, "-o", plain, "-j", 4));
        LaunchResult b = launcher.launch(args("urls", list, "-o", synced, "-j", 4, "--fsync"));

        assertThat(a.exitCode()).as(a.getErrorOutput()).isEqualTo(0);
        assertThat(b.exitCode()).as(b.getErrorOutput()).isEqualTo(0);
        assertThat(lines(plain.resolve("metadata.csv")))
                .hasSize(13)
                .containsExactlyInAnyOrderElementsOf(lines(synced.resolve("metadata.csv")));
        assertThat(String.join("\n", lines(synced.resolve("metadata.csv")))).contains(",31,6,image/png");
        for (String row : lines(synced.resolve("metadata.csv")).subList(1, 13)) {
            String path = row.substring(0, row.indexOf(','));
            assertThat(Files.readAllBytes(synced.resolve(path))).isEqualTo(Files.readAllBytes(plain.resolve(path)));
        }
        try (Stream<Path> s = Files.walk(synced)) {
            assertThat(s.filter(p -> p.toString().endsWith(".part"))).isEmpty();
        }
    }

    @Test
    void connectionsOpenedWhileTheListIsCheckedCarryTheTransfers(QuarkusMainLauncher launcher) throws Exception {
        byte[] img = TestImages.jpeg(16, 16, 3);
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            server.image("/p" + i + ".jpg", img, JPEG);
            l.append(server.url("/p" + i + ".jpg")).append('\n');
        }
        // repeats are checked, then dropped: a list that takes a moment to check, so the connections are open
        // and held before the transfers start
        l.append((server.url("/p0.jpg") + "\n").repeat(300_000));

        LaunchResult r =
                launcher.launch(args("urls", list("l.txt", l.toString()), "-o", out, "-j", 3, "--per-host", 3));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        assertThat(r.getOutput()).contains("9 fetched");
        // the connections opened ahead are handed to the transfers, not closed and opened again
        assertThat(server.connections()).isEqualTo(3);
    }

    @Test
    void aListFailingItsCheckRequestsNothing(QuarkusMainLauncher launcher) throws Exception {
        byte[] img = TestImages.jpeg(16, 16, 3);
        server.image("/first.jpg", img, JPEG);
        Path l = list("l.txt", server.url("/first.jpg") + "\n" + server.url("/second.jpg") + "\nftp://host/x.jpg\n");

        LaunchResult r = launcher.launch(args("urls", l, "-o", out));

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.getErrorOutput()).contains("l.txt:3: not an http(s) URL");
        assertThat(server.hits("/first.jpg"))
                .as("connections may be open, but nothing is asked")
                .isZero();
        try (Stream<Path> files = Files.walk(out)) {
            assertThat(files.filter(Files::isRegularFile)
                            .map(p -> out.relativize(p).toString().replace('\\', '/')))
                    .as("no folder or file but the checkpoint's own")
                    .allMatch(p -> p.startsWith(".trawl/"))
                    .noneMatch(p -> p.endsWith(".draft"));
        }
    }

    @Test
    void rerunSkipsFinishedItemsWithoutARequestAndRetriesFailedOnes(QuarkusMainLauncher launcher) throws Exception {
        server.image("/ok.jpg", TestImages.jpeg(10, 10, 3), JPEG).status("/gone.jpg", 404, "no");
        Path l =
                list("l.txt", server.url("/ok.jpg") + "\n" + server.url("/gone.jpg") + " trailing words are ignored\n");

        LaunchResult first = launcher.launch(args("urls", l, "-o", out, "--retries", 0));
        assertThat(first.exitCode()).isEqualTo(3);
        assertThat(lines(out.resolve("failures.csv")).get(1))
                .startsWith(server.url("/gone.jpg"))
                .contains("http 404");
        assertThat(first.getOutput()).contains("1 failed").contains("http 404 1");

        server.image("/gone.jpg", TestImages.jpeg(11, 11, 4), JPEG);
        LaunchResult second = launcher.launch(args("urls", l, "-o", out, "--retries", 0));
        assertThat(second.exitCode()).as(second.getErrorOutput()).isEqualTo(0);
        assertThat(server.hits("/ok.jpg"))
                .as("a finished item costs no request")
                .isEqualTo(1);
        assertThat(server.hits("/gone.jpg")).isEqualTo(2);
        assertThat(second.getOutput()).contains("1 fetched").contains("1 skipped");
        assertThat(lines(out.resolve("metadata.csv"))).hasSize(3);
        assertThat(lines(out.resolve("failures.csv"))).hasSize(1);

        LaunchResult third = launcher.launch(args("urls", l, "-o", out, "--overwrite"));
        assertThat(third.exitCode()).isEqualTo(0);
        assertThat(server.hits("/ok.jpg")).isEqualTo(2);
    }

    @Test
    void retryFailedFetchesOnlyFailedItems(QuarkusMainLauncher launcher) throws Exception {
        server.image("/ok.jpg", TestImages.jpeg(10, 10, 5), JPEG).status("/bad.jpg", 403, "no");
        Path l = list("l.txt", server.url("/ok.jpg") + "\n" + server.url("/bad.jpg") + "\n");
        assertThat(launcher.launch(args("urls", l, "-o", out)).exitCode()).isEqualTo(3);
        server.image("/bad.jpg", TestImages.jpeg(12, 12, 6), JPEG);
        Path bigger = list(
                "l2.txt", server.url("/ok.jpg") + "\n" + server.url("/bad.jpg") + "\n" + server.url("/new.jpg") + "\n");

        LaunchResult r = launcher.launch(args("urls", bigger, "-o", out, "--retry-failed"));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        assertThat(server.hits("/bad.jpg")).isEqualTo(2);
        assertThat(server.hits("/ok.jpg")).isEqualTo(1);
        assertThat(server.hits("/new.jpg"))
                .as("--retry-failed leaves new items alone")
                .isEqualTo(0);
    }

    @Test
    void aChunkedBodyWithBrokenFramingIsNeverStoredAsAnImage(QuarkusMainLauncher launcher) throws Exception {
        byte[] img = TestImages.jpeg(40, 30, 8);
        // the first 200 bytes as one proper chunk, then a chunk header that is not hex: the codec cannot frame it
        FaultServer.Behaviour broken = (req, socket, out) -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + Integer.toHexString(200) + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(img, 0, 200);
            out.write("\r\nzz\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return false;
        };
        server.sequence("/chunked.jpg", broken, broken, FaultServer.ok(img, JPEG));
        Path l = list("l.txt", server.url("/chunked.jpg") + "\n");

        LaunchResult r = launcher.launch(args("urls", l, "-o", out, "--retries", 0));

        assertThat(r.exitCode()).as(r.getOutput()).isEqualTo(3);
        assertThat(lines(out.resolve("metadata.csv"))).hasSize(1);
        assertThat(lines(out.resolve("failures.csv")).get(1))
                .contains("broken response: ")
                .doesNotContain("bad url");
        try (Stream<Path> s = Files.walk(out)) {
            assertThat(s.filter(p -> p.toString().endsWith(".jpg")))
                    .as("no cut image at a final path")
                    .isEmpty();
        }
        LaunchResult again = launcher.launch(args("urls", l, "-o", out, "--retries", 1));
        assertThat(again.exitCode())
                .as(String.join("\n", lines(out.resolve("failures.csv"))))
                .isEqualTo(0);
        assertThat(Files.readAllBytes(out.resolve(sha1(server.url("/chunked.jpg")) + ".jpg")))
                .isEqualTo(img);
    }

    /** A garbled response head (a broken proxy, a half-restarted server) is retried, never called a bad URL. */
    @Test
    void aGarbledStatusLineIsATransientFailureNotABadUrl(QuarkusMainLauncher launcher) throws Exception {
        byte[] img = TestImages.jpeg(40, 30, 8);
        FaultServer.Behaviour garbled = (req, socket, out) -> {
            out.write("HTTP/1.1 2x0 OK\r\nContent-Type: image/jpeg\r\nContent-Length: 3\r\n\r\nabc"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return false;
        };
        server.sequence("/garbled.jpg", garbled, garbled, FaultServer.ok(img, JPEG));
        Path l = list("l.txt", server.url("/garbled.jpg") + "\n" + "http://127.0.0.1:99999/port.jpg\n");

        LaunchResult r = launcher.launch(args("urls", l, "-o", out, "--retries", 0));

        assertThat(r.exitCode()).as(r.getOutput()).isEqualTo(3);
        List<String> failures = lines(out.resolve("failures.csv"));
        assertThat(failures).hasSize(3);
        assertThat(failures.stream()
                        .filter(f -> f.contains("/garbled.jpg"))
                        .findFirst()
                        .orElseThrow())
                .contains("broken response: ")
                .doesNotContain("bad url");
        assertThat(failures.stream()
                        .filter(f -> f.contains("/port.jpg"))
                        .findFirst()
                        .orElseThrow())
                .contains("bad url");
        assertThat(server.hits("/garbled.jpg")).isEqualTo(1);

        LaunchResult again = launcher.launch(args("urls", l, "-o", out, "--retries", 1));
        assertThat(again.exitCode()).isEqualTo(3); // the port stays bad
        assertThat(Files.readAllBytes(out.resolve(sha1(server.url("/garbled.jpg")) + ".jpg")))
                .isEqualTo(img);
    }

    @Test
    void transientFailuresAreRetriedAndPermanentOnesAreNot(QuarkusMainLauncher launcher) throws Exception {
        byte[] img = TestImages.jpeg(20, 20, 7);
        server.sequence(
                        "/5xx",
                        FaultServer.status(500, "oops"),
                        FaultServer.status(502, "oops"),
                        FaultServer.ok(img, JPEG))
                .sequence("/429", FaultServer.retryAfterSeconds(429, 1), FaultServer.ok(img, JPEG))
                .sequence(
                        "/503date",
                        FaultServer.retryAfterDate(503, Instant.now().plusSeconds(1)),
                        FaultServer.ok(img, JPEG))
                .sequence("/reset", FaultServer.resetNow(), FaultServer.ok(img, JPEG))
                .sequence("/short", FaultServer.truncated(img, JPEG, 100), FaultServer.ok(img, JPEG))
                .sequence("/html", FaultServer.htmlWith200("<!DOCTYPE html><html><body>Rate limited</body></html>"))
                .sequence(
                        "/json-as-jpeg",
                        FaultServer.ok("{\"error\": \"quota\"}".getBytes(StandardCharsets.UTF_8), JPEG))
                .status("/404", 404, "missing")
                .redirect("/loop-a", server.url("/loop-b"), 302)
                .redirect("/loop-b", server.url("/loop-a"), 302)
                .sequence("/always-short", FaultServer.truncated(img, JPEG, 50));
        String[] paths = {
            "/5xx", "/429", "/503date", "/reset", "/short", "/html", "/json-as-jpeg", "/404", "/loop-a", "/always-short"
        };
        StringBuilder sb = new StringBuilder("url,label\n");
        for (String p : paths) {
            sb.append(server.url(p)).append(",x\n");
        }
        Path l = list("faults.csv", sb.toString());
        long t0 = System.nanoTime();

        LaunchResult r = launcher.launch(args("urls", l, "-o", out, "--retries", 3, "--json"));

        double secs = (System.nanoTime() - t0) / 1e9;
        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(3);
        assertThat(secs).as("Retry-After of 1 s was honoured").isGreaterThan(1.0);
        assertThat(server.hits("/5xx")).isEqualTo(3);
        assertThat(server.hits("/429")).isEqualTo(2);
        assertThat(server.hits("/html")).as("an error page is not retried").isEqualTo(1);
        assertThat(server.hits("/404")).isEqualTo(1);
        assertThat(server.hits("/always-short")).isEqualTo(4);
        String failures = String.join("\n", lines(out.resolve("failures.csv")));
        assertThat(failures)
                .contains(server.url("/html") + ",x/" + sha1(server.url("/html")) + ",not an image: text/html,1")
                .contains("/json-as-jpeg")
                .contains("not an image: JSON document")
                .contains(server.url("/404") + ",x/" + sha1(server.url("/404")) + ",http 404,1")
                .contains("too many redirects")
                .contains("truncated: 50 of " + img.length + " bytes,4");
        assertThat(lines(out.resolve("failures.csv"))).hasSize(6);
        for (String ok : List.of("/5xx", "/429", "/503date", "/reset", "/short")) {
            assertThat(Files.readAllBytes(out.resolve("x/" + sha1(server.url(ok)) + ".jpg")))
                    .as(ok)
                    .isEqualTo(img);
        }
        try (Stream<Path> s = Files.list(out.resolve("x"))) {
            assertThat(s.map(p -> p.getFileName().toString()))
                    .as("nothing but finished images at final paths")
                    .allMatch(n -> n.endsWith(".jpg"))
                    .hasSize(5);
        }
        assertThat(r.getOutput())
                .contains("\"fetched\":5")
                .contains("\"failed\":5")
                .contains("\"failures_by_host\":{\"127.0.0.1\":5}");
    }

    @Test
    void stalledBodyTimesOutInsteadOfHanging(QuarkusMainLauncher launcher) throws Exception {
        byte[] img = TestImages.jpeg(30, 30, 8);
        server.sequence("/stall", FaultServer.stalled(img, JPEG, 200, 60_000));
        server.image("/fine.jpg", img, JPEG);
        Path l = list("l.txt", server.url("/stall") + "\n" + server.url("/fine.jpg") + "\n");
        long t0 = System.nanoTime();

        LaunchResult r = launcher.launch(args("urls", l, "-o", out, "--idle-timeout", "1s", "--retries", 1));

        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(20);
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(String.join("\n", lines(out.resolve("failures.csv")))).contains("stalled");
        assertThat(server.hits("/stall")).isEqualTo(2);
    }

    @Test
    void largePartialBodyResumesWithRange(QuarkusMainLauncher launcher) throws Exception {
        byte[] big = new byte[3 << 20];
        byte[] head = TestImages.jpeg(64, 48, 9);
        System.arraycopy(head, 0, big, 0, head.length);
        for (int i = head.length; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        big[big.length - 2] = (byte) 0xFF; // ends with EOI, as a whole JPEG does
        big[big.length - 1] = (byte) 0xD9;
        server.sequence("/big.jpg", FaultServer.truncated(big, JPEG, 2 << 20), FaultServer.ok(big, JPEG));
        Path l = list("l.txt", server.url("/big.jpg") + "\n");

        LaunchResult r = launcher.launch(args("urls", l, "-o", out, "--json"));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        List<String> ranges = server.requestHeader("/big.jpg", "Range");
        assertThat(ranges).hasSize(1);
        long from = Long.parseLong(ranges.get(0).replaceAll("\\D", ""));
        assertThat(from).as("resumes where the cut body ended").isEqualTo(2 << 20);
        assertThat(server.requestHeader("/big.jpg", "If-Range")).containsExactly(FaultServer.etag(big));
        Path f = out.resolve(sha1(server.url("/big.jpg")) + ".jpg");
        assertThat(Files.readAllBytes(f)).isEqualTo(big);
        assertThat(String.join("", lines(out.resolve("metadata.csv")))).contains(sha256(big));
        assertThat(r.getOutput()).contains("\"resumed\":1");
    }

    @Test
    void labelsAndNamesCannotEscapeTheOutputFolder(QuarkusMainLauncher launcher) throws Exception {
        byte[] img = TestImages.jpeg(8, 8, 10);
        server.image("/1", img, JPEG)
                .image("/2", img, JPEG)
                .image("/3", img, JPEG)
                .image("/4", img, JPEG);
        Path l = list(
                "evil.jsonl",
                String.join(
                        "\n",
                        "{\"url\":\"" + server.url("/1") + "\",\"label\":\"../../escaped\"}",
                        "{\"url\":\"" + server.url("/2") + "\",\"label\":\"..\",\"basename\":\"../../x\"}",
                        "{\"url\":\"" + server.url("/3") + "\",\"label\":\"/etc/passwd\"}",
                        "{\"url\":\"" + server.url("/4") + "\",\"label\":\".trawl\",\"basename\":\"checkpoint\"}"));

        LaunchResult r = launcher.launch(args("urls", l, "-o", out));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        try (Stream<Path> s = Files.walk(tmp)) {
            List<Path> images = s.filter(p -> p.toString().endsWith(".jpg")).toList();
            assertThat(images).hasSize(4).allMatch(p -> p.normalize().startsWith(out));
        }
        assertThat(Files.exists(out.resolve("_.._.._escaped"))).isTrue();
        assertThat(Files.exists(out.resolve("_.trawl/checkpoint.jpg"))).isTrue();
        assertThat(Files.exists(out.resolve(".trawl/checkpoint.json"))).isTrue();
    }

    @Test
    void dryRunCountsPerLabelAndSubsetWithoutDownloading(QuarkusMainLauncher launcher) throws Exception {
        StringBuilder sb = new StringBuilder("url,label,video\n");
        for (int i = 0; i < 200; i++) {
            sb.append(server.url("/img" + i + ".jpg"))
                    .append(',')
                    .append(i % 2 == 0 ? "cat" : "dog")
                    .append(",v")
                    .append(i / 2)
                    .append('\n');
        }
        sb.append(server.url("/img0.jpg")).append(",cat,v0\n"); // a repeat: planned once
        Path l = list("l.csv", sb.toString());

        LaunchResult r = launcher.launch(args(
                "urls",
                l,
                "-o",
                out,
                "--dry-run",
                "--json",
                "--split",
                "train=0.7,val=0.2,test=0.1",
                "--group-by",
                "video",
                "--seed",
                42));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        var json = org.trawl.internal.Json.MAPPER.readTree(r.getOutput());
        assertThat(json.get("items").asLong()).isEqualTo(200);
        assertThat(json.get("labels").get("cat").asLong()).isEqualTo(100);
        long inSubsets = 0;
        for (var subset : json.get("subsets")) {
            for (var n : subset) {
                inSubsets += n.asLong();
            }
        }
        assertThat(inSubsets).isEqualTo(200);
        assertThat(json.get("subsets").size()).isEqualTo(3);
        assertThat(json.get("bytes_estimate").isNull()).isTrue(); // a list states no sizes
        assertThat(json.get("bytes_known_items").asLong()).isZero();
        assertThat(server.hits("/img0.jpg")).isZero();
        assertThat(Files.exists(out.resolve(".trawl"))).isFalse();
        // the same seed gives the same plan
        LaunchResult again = launcher.launch(args(
                "urls",
                l,
                "-o",
                out,
                "--dry-run",
                "--json",
                "--split",
                "train=0.7,val=0.2,test=0.1",
                "--group-by",
                "video",
                "--seed",
                42));
        assertThat(again.getOutput()).isEqualTo(r.getOutput());
    }

    @Test
    void groupByKeepsAGroupInOneSubset(QuarkusMainLauncher launcher) throws Exception {
        byte[] img = TestImages.jpeg(8, 8, 11);
        StringBuilder sb = new StringBuilder("url,label,occurrence\n");
        for (int i = 0; i < 40; i++) {
            server.image("/g" + i, img, JPEG);
            sb.append(server.url("/g" + i)).append(",l,occ").append(i / 4).append('\n');
        }
        Path l = list("g.csv", sb.toString());

        LaunchResult r = launcher.launch(
                args("urls", l, "-o", out, "--split", "train=0.5,test=0.5", "--group-by", "occurrence"));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        List<String> rows = lines(out.resolve("metadata.csv")).subList(1, 41);
        java.util.Map<String, java.util.Set<String>> subsetsPerGroup = new java.util.HashMap<>();
        for (String row : rows) {
            String[] c = row.split(",");
            subsetsPerGroup
                    .computeIfAbsent(c[c.length - 1], k -> new java.util.HashSet<>())
                    .add(c[3]);
            assertThat(c[0]).startsWith(c[3] + "/l/");
        }
        assertThat(subsetsPerGroup)
                .hasSize(10)
                .allSatisfy((g, s) -> assertThat(s).hasSize(1));
        assertThat(subsetsPerGroup.values().stream()
                        .flatMap(java.util.Set::stream)
                        .distinct()
                        .count())
                .isEqualTo(2);
    }

    @Test
    void aDeadHostTripsItsBreakerWhileTheLiveHostFinishes(QuarkusMainLauncher launcher) throws Exception {
        // a bound socket that never listens: connections to its port are refused, and nothing else can take
        // the port meanwhile (a closed probe's port was once reused by a parallel build's server: 404s)
        try (java.net.Socket holder = new java.net.Socket()) {
            holder.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
            deadHostRun(launcher, holder.getLocalPort());
        }
    }

    private void deadHostRun(QuarkusMainLauncher launcher, int deadPort) throws Exception {
        byte[] img = TestImages.jpeg(12, 12, 12);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            sb.append("http://localhost:")
                    .append(deadPort)
                    .append("/dead")
                    .append(i)
                    .append(".jpg\n");
            server.image("/live" + i + ".jpg", img, JPEG);
            sb.append(server.url("/live" + i + ".jpg")).append('\n');
        }
        Path l = list("mixed.txt", sb.toString());
        long t0 = System.nanoTime();

        LaunchResult r = launcher.launch(args("urls", l, "-o", out, "--retries", 2, "--json"));

        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(60);
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.getOutput())
                .contains("\"fetched\":60")
                .contains("\"failed\":60")
                .contains("\"failures_by_host\":{\"localhost\":60}");
        String failures = String.join("\n", lines(out.resolve("failures.csv")));
        assertThat(failures).contains("connection refused").contains("circuit open");
    }
}
