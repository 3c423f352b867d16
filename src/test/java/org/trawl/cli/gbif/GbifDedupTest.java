package org.trawl.cli.gbif;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.checkpoint.CheckpointStore;
import org.trawl.checkpoint.ItemRecord;
import org.trawl.testing.Archives;
import org.trawl.testing.FaultServer;
import org.trawl.testing.TestImages;

/**
 * {@code --dedup} really removes copies within a label, and the checkpoint, status, verify, metadata.csv,
 * folds.csv and re-runs all agree about it. The archive: label A holds a1 and a2 with the same bytes
 * plus a3, a4; label B holds b5 (the same bytes as a1: a pair spanning labels) and b6.
 */
@QuarkusMainTest
class GbifDedupTest {
    static final ObjectMapper JSON = new ObjectMapper();
    FaultServer images;

    @TempDir
    Path tmp;

    Path out;
    Path zip;
    String a1, a2, b5;

    @BeforeEach
    void start() throws Exception {
        images = FaultServer.start();
        out = tmp.resolve("out");
        byte[] same = TestImages.jpeg(30, 30, 99);
        List<Archives.Occ> occ = new ArrayList<>();
        List<Archives.Media> media = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            String label = i <= 4 ? "A" : "B";
            String name = "/" + label.toLowerCase() + i + ".jpg";
            occ.add(new Archives.Occ("" + i, label, label.toLowerCase(), "CC0_1_0"));
            media.add(new Archives.Media("" + i, "StillImage", images.url(name), "", "", ""));
            images.image(name, i == 1 || i == 2 || i == 5 ? same : TestImages.jpeg(31, 20 + i, i), "image/jpeg");
        }
        zip = Archives.zip(tmp.resolve("d.zip"), Archives.gbif(occ, media));
        a1 = "A/" + sha1(images.url("/a1.jpg")) + ".jpg";
        a2 = "A/" + sha1(images.url("/a2.jpg")) + ".jpg";
        b5 = "B/" + sha1(images.url("/b5.jpg")) + ".jpg";
    }

    @AfterEach
    void stop() {
        images.close();
    }

    static String sha1(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    String[] dwca(String... extra) {
        List<String> a =
                new ArrayList<>(List.of("gbif", "dwca", zip.toString(), "--label", "speciesKey", "-o", out.toString()));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    int imageRequests() {
        int n = 0;
        for (String name : List.of("/a1.jpg", "/a2.jpg", "/a3.jpg", "/a4.jpg", "/b5.jpg", "/b6.jpg")) {
            n += images.hits(name);
        }
        return n;
    }

    /** Every file of the dataset (resume state aside) with a hash of its bytes. */
    Map<String, String> disk() throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(out)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String rel = out.relativize(p).toString().replace('\\', '/');
                if (!rel.startsWith(".trawl/")) {
                    files.put(
                            rel,
                            HexFormat.of()
                                    .formatHex(
                                            MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
                }
            }
        }
        return files;
    }

    ItemRecord record(String path) {
        List<ItemRecord> found = new ArrayList<>();
        CheckpointStore.forEachLatest(out.resolve(".trawl"), r -> {
            if (path.equals(r.path())) {
                found.add(r);
            }
        });
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    List<String> lines(String name) throws Exception {
        return Files.readAllLines(out.resolve(name));
    }

    /** The state every check of this class ends in: a2 gone and dropped, everything else in the dataset. */
    void assertDeduplicated(QuarkusMainLauncher launcher) throws Exception {
        assertThat(Files.exists(out.resolve(a2)))
                .as("the copy within label A is deleted")
                .isFalse();
        assertThat(out.resolve(a1)).exists();
        assertThat(out.resolve(b5))
                .as("a copy in another label is kept: a human decides")
                .exists();
        assertThat(disk().keySet().stream().filter(p -> p.endsWith(".jpg"))).hasSize(5);
        ItemRecord dropped = record(a2);
        assertThat(dropped.status()).isEqualTo("dropped");
        assertThat(dropped.reason()).isEqualTo("duplicate_of:" + a1);
        assertThat(lines("metadata.csv"))
                .hasSize(6)
                .noneMatch(l -> l.contains(a2))
                .anyMatch(l -> l.startsWith(a1 + ","));
        assertThat(lines("failures.csv")).hasSize(1);
        List<String> dups = lines("duplicates.csv");
        assertThat(dups.get(0)).isEqualTo("sha256,path,label,kind,kept_or_labels,url");
        assertThat(dups)
                .anyMatch(l -> l.contains("," + a2 + ",A,duplicate_in_label," + a1))
                .anyMatch(l -> l.contains("," + a1 + ",A,spans_labels,A|B"))
                .anyMatch(l -> l.contains("," + b5 + ",B,spans_labels,A|B"))
                .hasSize(4);

        LaunchResult verify = launcher.launch("verify", out.toString());
        assertThat(verify.exitCode()).as(verify.getOutput()).isEqualTo(0);
        assertThat(verify.getOutput()).contains("5 files verified, 0 missing or corrupt");
        LaunchResult status = launcher.launch("status", out.toString());
        assertThat(status.exitCode()).isEqualTo(0);
        assertThat(status.getOutput()).contains("5 done").contains("0 failed").contains("1 dropped");
        JsonNode st = JSON.readTree(
                launcher.launch("status", out.toString(), "--json").getOutput());
        assertThat(st.get("done").asInt()).isEqualTo(5);
        assertThat(st.get("dropped").asInt()).isEqualTo(1);
        assertThat(st.get("failed").asInt()).isEqualTo(0);
    }

    @Test
    void dedupDeletesTheCopyWithinALabelKeepsTheCrossLabelPairAndAReRunChangesNothing(QuarkusMainLauncher launcher)
            throws Exception {
        LaunchResult r = launcher.launch(dwca("--dedup", "--folds", "2", "--ood-threshold", "1"));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        assertThat(r.getOutput()).contains("1 dropped as duplicates within a label (1 this run");
        assertDeduplicated(launcher);
        List<String> folds = lines("folds.csv");
        assertThat(folds).hasSize(6).noneMatch(l -> l.startsWith(a2 + ",")).anyMatch(l -> l.startsWith(a1 + ","));
        assertThat(imageRequests()).isEqualTo(6);

        Map<String, String> before = disk();
        LaunchResult again = launcher.launch(dwca("--dedup", "--folds", "2", "--ood-threshold", "1", "--json"));

        assertThat(again.exitCode()).as(again.getErrorOutput()).isEqualTo(0);
        assertThat(imageRequests())
                .as("a dropped item is settled like a done one: no request")
                .isEqualTo(6);
        JsonNode sum = JSON.readTree(again.getOutput());
        assertThat(sum.get("fetched").asInt()).isEqualTo(0);
        assertThat(sum.get("skipped").asInt()).isEqualTo(6);
        assertThat(sum.get("dropped_duplicates").asInt()).isEqualTo(1);
        assertThat(sum.get("dropped_duplicates_now").asInt()).isEqualTo(0);
        assertThat(disk()).as("nothing changes on disk").isEqualTo(before);
        assertDeduplicated(launcher);
    }

    @Test
    void withoutDedupNothingIsDeletedAndLaterRunsDropOnlyWhenAsked(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult plain = launcher.launch(dwca("--folds", "2", "--ood-threshold", "1"));

        assertThat(plain.exitCode()).as(plain.getErrorOutput()).isEqualTo(0);
        assertThat(out.resolve(a2)).as("today's behaviour without --dedup").exists();
        assertThat(lines("metadata.csv")).hasSize(7);
        assertThat(lines("folds.csv")).hasSize(7).anyMatch(l -> l.startsWith(a2 + ","));
        assertThat(out.resolve("duplicates.csv")).doesNotExist();
        assertThat(plain.getOutput()).doesNotContain("dropped");

        // the same folder, now with --dedup: nothing to fetch, the copy goes
        LaunchResult dedup = launcher.launch(dwca("--dedup", "--folds", "2", "--ood-threshold", "1"));
        assertThat(dedup.exitCode()).as(dedup.getErrorOutput()).isEqualTo(0);
        assertThat(imageRequests()).isEqualTo(6);
        assertDeduplicated(launcher);
        assertThat(lines("folds.csv")).hasSize(6).noneMatch(l -> l.startsWith(a2 + ","));

        // --retry-failed leaves a dropped item alone
        LaunchResult retry = launcher.launch(dwca("--dedup", "--retry-failed"));
        assertThat(retry.exitCode()).as(retry.getErrorOutput()).isEqualTo(0);
        assertThat(images.hits("/a2.jpg")).isEqualTo(1);
        assertDeduplicated(launcher);

        // --overwrite redoes everything, the copy included, and dedups again
        LaunchResult overwrite = launcher.launch(dwca("--dedup", "--overwrite", "--json"));
        assertThat(overwrite.exitCode()).as(overwrite.getErrorOutput()).isEqualTo(0);
        assertThat(images.hits("/a2.jpg")).isEqualTo(2);
        assertThat(imageRequests()).isEqualTo(12);
        assertThat(JSON.readTree(overwrite.getOutput())
                        .get("dropped_duplicates_now")
                        .asInt())
                .isEqualTo(1);
        assertDeduplicated(launcher);
    }

    @Test
    void aCrashBetweenTheDropRecordAndTheDeleteIsFinishedByTheNextRun(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult first = launcher.launch(dwca());
        assertThat(first.exitCode()).as(first.getErrorOutput()).isEqualTo(0);
        // what kill -9 leaves after the journal append and before the delete: the record, and the file
        ItemRecord done = record(a2);
        Files.writeString(
                out.resolve(".trawl").resolve("journal.jsonl"),
                JSON.writeValueAsString(done.asDuplicateOf(a1)) + "\n",
                StandardOpenOption.APPEND);
        assertThat(out.resolve(a2)).exists();

        LaunchResult next = launcher.launch(dwca("--dedup"));

        assertThat(next.exitCode()).as(next.getErrorOutput()).isEqualTo(0);
        assertThat(imageRequests()).as("the dropped item is not fetched again").isEqualTo(6);
        assertThat(next.getOutput())
                .contains("1 dropped as duplicates within a label (0 this run")
                .contains("1 file(s) an interrupted run left behind deleted now");
        assertDeduplicated(launcher);

        // a leftover is swept even by a run without --dedup: the checkpoint already says it is not in the dataset
        Files.write(out.resolve(a2), Files.readAllBytes(out.resolve(a1)));
        LaunchResult plain = launcher.launch(dwca());
        assertThat(plain.exitCode()).as(plain.getErrorOutput()).isEqualTo(0);
        assertThat(imageRequests()).isEqualTo(6);
        assertDeduplicated(launcher);
    }

    @Test
    void aDeletedCopyLeavesNoEmptyFolderBehind(QuarkusMainLauncher launcher) throws Exception {
        // eight copies of one picture under one label, spread over two subsets: one is kept, so one
        // subset's label folder (and the subset folder itself) ends up with nothing in it
        byte[] same = TestImages.jpeg(12, 12, 3);
        List<Archives.Occ> occ = new ArrayList<>();
        List<Archives.Media> media = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            occ.add(new Archives.Occ("" + i, "C", "c", "CC0_1_0"));
            media.add(new Archives.Media("" + i, "StillImage", images.url("/c" + i + ".jpg"), "", "", ""));
            images.image("/c" + i + ".jpg", same, "image/jpeg");
        }
        zip = Archives.zip(tmp.resolve("c.zip"), Archives.gbif(occ, media));

        LaunchResult r = launcher.launch(dwca("--dedup", "--split", "train=0.5,val=0.5", "--seed", "1"));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        List<ItemRecord> all = new ArrayList<>();
        CheckpointStore.forEachLatest(out.resolve(".trawl"), all::add);
        assertThat(all).filteredOn(ItemRecord::dropped).hasSize(7);
        ItemRecord kept = all.stream().filter(ItemRecord::done).findFirst().orElseThrow();
        assertThat(all)
                .as("the split put copies in both subsets (else this test proves nothing)")
                .anyMatch(x -> !x.subset().equals(kept.subset()));
        assertThat(disk().keySet()).filteredOn(p -> p.endsWith(".jpg")).containsExactly(kept.path());
        try (Stream<Path> dirs = Files.walk(out)) {
            List<Path> empty = dirs.filter(Files::isDirectory)
                    .filter(d -> {
                        try (Stream<Path> in = Files.list(d)) {
                            return in.findAny().isEmpty();
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .filter(d -> !d.startsWith(out.resolve(".trawl")))
                    .toList();
            assertThat(empty).isEmpty();
        }
        LaunchResult verify = launcher.launch("verify", out.toString());
        assertThat(verify.exitCode()).as(verify.getOutput()).isEqualTo(0);
    }

    @Test
    void thePostprocessingOptionsAreCheckedTheSameWayOnBothCommands(QuarkusMainLauncher launcher) {
        for (String[] bad :
                List.of(new String[] {"--folds", "1"}, new String[] {"--folds", "3", "--ood-threshold", "-1"})) {
            List<LaunchResult> results = List.of(
                    launcher.launch(dwca(bad)),
                    launcher.launch(Stream.concat(
                                    Stream.of(
                                            "gbif",
                                            "search",
                                            "taxonKey=1",
                                            "-o",
                                            out.toString(),
                                            "--gbif-api",
                                            "http://127.0.0.1:9/v1"),
                                    Stream.of(bad))
                            .toArray(String[]::new)));
            for (LaunchResult r : results) {
                assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(2);
                assertThat(r.getErrorOutput()).contains(bad[bad.length - 2]).doesNotContain("Exception");
            }
        }
        assertThat(imageRequests()).isZero();
    }

    @Test
    void aCopyEarlierInPlanOrderThatArrivesLaterBecomesTheKeptOneAsInACleanRun(QuarkusMainLauncher launcher)
            throws Exception {
        // a0 comes first in the archive but fails on the first run; it serves the same bytes as a1 afterwards
        List<Archives.Occ> occ = new ArrayList<>();
        List<Archives.Media> media = new ArrayList<>();
        for (String n : List.of("a0", "a1", "a2")) {
            occ.add(new Archives.Occ(n.substring(1), "A", "a", "CC0_1_0"));
            media.add(new Archives.Media(n.substring(1), "StillImage", images.url("/" + n + ".jpg"), "", "", ""));
        }
        zip = Archives.zip(tmp.resolve("late.zip"), Archives.gbif(occ, media));
        images.status("/a0.jpg", 404, "not yet");
        String a0 = "A/" + sha1(images.url("/a0.jpg")) + ".jpg";

        LaunchResult first = launcher.launch(dwca("--dedup"));
        assertThat(first.exitCode()).as(first.getErrorOutput()).isEqualTo(3);
        assertThat(out.resolve(a1)).exists();
        assertThat(out.resolve(a2)).doesNotExist();

        images.image("/a0.jpg", Files.readAllBytes(out.resolve(a1)), "image/jpeg");
        LaunchResult second = launcher.launch(dwca("--dedup"));

        assertThat(second.exitCode()).as(second.getErrorOutput()).isEqualTo(0);
        assertThat(disk().keySet()).filteredOn(p -> p.endsWith(".jpg")).containsExactly(a0);
        assertThat(record(a1).reason()).isEqualTo("duplicate_of:" + a0);
        assertThat(record(a2).reason())
                .as("its record keeps what it was dropped for")
                .isEqualTo("duplicate_of:" + a1);
        assertThat(lines("duplicates.csv"))
                .as("the table names the copy kept today")
                .anyMatch(l -> l.contains("," + a1 + ",A,duplicate_in_label," + a0))
                .anyMatch(l -> l.contains("," + a2 + ",A,duplicate_in_label," + a0))
                .hasSize(3);
        assertThat(lines("metadata.csv")).hasSize(2).anyMatch(l -> l.startsWith(a0 + ","));
        assertThat(launcher.launch("verify", out.toString()).exitCode()).isEqualTo(0);
    }
}
