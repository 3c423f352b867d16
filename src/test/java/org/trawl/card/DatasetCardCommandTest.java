package org.trawl.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.testing.FaultServer;
import org.trawl.testing.TestImages;

/** The card, CITATION.cff and ATTRIBUTION.csv a downloading run leaves in OUT, and how re-runs keep them true. */
@QuarkusMainTest
class DatasetCardCommandTest {
    static final String JPEG = "image/jpeg";
    static final String BY = "http://creativecommons.org/licenses/by/4.0/";
    static final String NC = "CC_BY_NC_4_0";
    FaultServer server;

    @TempDir
    Path tmp;

    Path out;

    @BeforeEach
    void start() {
        server = FaultServer.start();
        out = tmp.resolve("sea life");
        for (int i = 0; i < 12; i++) {
            server.image("/i" + i + ".jpg", TestImages.jpeg(30 + i, 20 + i, i), JPEG);
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** 12 images, 3 labels: 4 CC-BY, 4 CC-BY-NC, 4 CC0; URLs carry a token the card must not show. */
    Path list(String name, int from, int to) throws IOException {
        StringBuilder sb = new StringBuilder("url,label,license,rights_holder\n");
        for (int i = from; i < to; i++) {
            String lic = i % 3 == 0 ? BY : i % 3 == 1 ? NC : "CC0-1.0";
            sb.append(server.url("/i" + i + ".jpg"))
                    .append("?token=s3cr3t,")
                    .append(i % 2 == 0 ? "fish" : "jelly")
                    .append(',')
                    .append(lic)
                    .append(",Holder ")
                    .append(i % 3)
                    .append('\n');
        }
        Path p = tmp.resolve(name);
        Files.writeString(p, sb, StandardCharsets.UTF_8);
        return p;
    }

    LaunchResult urls(QuarkusMainLauncher launcher, Path list) {
        return launcher.launch(
                "urls", list.toString(), "-o", out.toString(), "--split", "train=0.5,test=0.5", "--seed", "3", "-q");
    }

    /** The subsets metadata.csv holds: the split hashes URLs, whose port changes, so 6 items may all land in one. */
    java.util.SortedSet<String> subsets() throws IOException {
        List<String> rows = Files.readAllLines(out.resolve("metadata.csv"));
        int col = List.of(rows.get(0).split(",")).indexOf("subset");
        java.util.SortedSet<String> names = new java.util.TreeSet<>();
        rows.stream().skip(1).forEach(r -> names.add(r.split(",")[col]));
        return names;
    }

    /** The card's config line for each subset metadata.csv holds. */
    String[] splitConfigs() throws IOException {
        return subsets().stream()
                .map(n -> "  - split: " + n + "\n    path: \"" + n + "/**\"\n")
                .toArray(String[]::new);
    }

    @Test
    void aRunWritesTheCardCitationAndAttributionAndAReRunKeepsThemTrue(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult first = urls(launcher, list("a.csv", 0, 6));
        assertThat(first.exitCode()).as(first.getErrorOutput()).isZero();
        String card = Files.readString(out.resolve("README.md"));
        assertThat(card)
                .startsWith("---\npretty_name: \"sea life\"\n")
                .contains("license:\n- cc-by-4.0\n", "- cc-by-nc-4.0\n", "- cc0-1.0\n")
                .contains("task_categories:\n- image-classification\n", "size_categories:\n- n<1K\n")
                .contains(splitConfigs())
                .contains("6 images in 2 labels and " + subsets().size() + " subsets")
                .contains("trawl urls " + tmp.resolve("a.csv") + " -o '" + out + "' --split")
                .doesNotContain("s3cr3t");
        // the NC warning comes before anything else of the prose
        assertThat(card.indexOf("**Licence warning:**")).isPositive().isLessThan(card.indexOf("6 images in"));
        assertThat(card).contains("CC-BY-NC-4.0 (2 files) forbid commercial use (NC)");

        List<String> attribution = Files.readAllLines(out.resolve("ATTRIBUTION.csv"));
        assertThat(attribution.get(0)).isEqualTo("license,files,path,rights_holder,url");
        assertThat(attribution).contains("CC-BY-4.0,2,,Holder 0,", "CC-BY-NC-4.0,2,,Holder 1,", "CC0-1.0,2,,Holder 2,");
        // one line per file under CC-BY*, none for CC0
        assertThat(attribution.stream().filter(l -> l.contains(".jpg")))
                .hasSize(4)
                .allMatch(l -> l.startsWith("CC-BY-4.0,1,") || l.startsWith("CC-BY-NC-4.0,1,"));

        String cff = Files.readString(out.resolve("CITATION.cff"));
        assertThat(cff)
                .contains("cff-version: 1.2.0\n", "type: dataset\n", "title: \"sea life\"\n", "authors:\n  - name: ")
                .containsPattern("date-released: \"\\d{4}-\\d\\d-\\d\\d\"");

        // a second list into the same folder: the card counts both, and lists both commands
        LaunchResult second = urls(launcher, list("b.csv", 6, 12));
        assertThat(second.exitCode()).as(second.getErrorOutput()).isZero();
        String again = Files.readString(out.resolve("README.md"));
        assertThat(again).contains("12 images in 2 labels").contains("a.csv").contains("b.csv");
        assertThat(again.lines().filter(l -> l.startsWith("trawl urls"))).hasSize(2);
        assertThat(Files.readAllLines(out.resolve("ATTRIBUTION.csv")))
                .contains("CC-BY-4.0,4,,Holder 0,", "CC0-1.0,4,,Holder 2,");

        // the same command again is the same source, not a new one
        urls(launcher, tmp.resolve("b.csv"));
        assertThat(Files.readString(out.resolve("README.md")).lines().filter(l -> l.startsWith("trawl urls")))
                .hasSize(2);

        loadsWithHuggingFaceDatasets(12, "");
    }

    @Test
    void aReadmeOfTheUsersOwnIsLeftAlone(QuarkusMainLauncher launcher) throws Exception {
        Files.createDirectories(out);
        Files.writeString(out.resolve("README.md"), "my notes\n");
        LaunchResult r = urls(launcher, list("a.csv", 0, 3));
        assertThat(r.exitCode()).isZero();
        assertThat(Files.readString(out.resolve("README.md"))).isEqualTo("my notes\n");
        assertThat(r.getErrorOutput()).contains("trawl: ").contains("README.md is not trawl's");
        assertThat(out.resolve("CITATION.cff")).exists();
    }

    @Test
    void withoutSubsetsEveryLabelFolderIsTheTrainSplit(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult r = launcher.launch("urls", list("a.csv", 0, 6).toString(), "-o", out.toString(), "-q");
        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        assertThat(Files.readString(out.resolve("README.md")))
                .contains("  - split: train\n    path: \"*/**\"\n")
                .doesNotContain("split: test");
        // imagefolder over the whole folder takes metadata.csv for its own metadata file: its file_name column
        // names the images, and its label column (text, not a class) labels them
        loadsWithHuggingFaceDatasets(6, "");
    }

    @Test
    void aDryRunWritesNothing(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult r = launcher.launch("urls", list("a.csv", 0, 3).toString(), "-o", out.toString(), "--dry-run");
        assertThat(r.exitCode()).isZero();
        assertThat(out.resolve("README.md")).doesNotExist();
    }

    /**
     * The card must not break the Hugging Face loaders: {@code load_dataset(OUT)} (which reads the card's
     * configs) and {@code load_dataset("imagefolder", data_dir=OUT)} give the images, labels and splits; the
     * CITATION.cff is YAML with CFF's required keys.
     */
    void loadsWithHuggingFaceDatasets(int images, String imagefolderOptions) throws Exception {
        String check = "import sys, os, yaml, datasets\n"
                + "def labels(t):\n"
                + "    f = t.features['label']\n"
                + "    return sorted(f.names) if hasattr(f, 'names') else sorted(set(t['label']))\n"
                + "d = sys.argv[1]\n"
                + "c = yaml.safe_load(open(os.path.join(d, 'CITATION.cff')))\n"
                + "assert all(k in c for k in ('cff-version','message','title','authors','date-released')), c\n"
                + "assert all('name' in a for a in c['authors'])\n"
                + "for ds in (datasets.load_dataset(d), datasets.load_dataset('imagefolder', data_dir=d, "
                + imagefolderOptions + ")):\n"
                + "    print(sorted((k, len(v)) for k, v in ds.items()), sum(len(v) for v in ds.values()),\n"
                + "          labels(ds['train']))\n";
        Process p = python(check, out.toString());
        assumeTrue(p != null, "python3 with the 'datasets' module is not installed (pip install datasets): skipped");
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output.lines().filter(l -> l.contains("'fish', 'jelly'")))
                .as(output)
                .hasSize(2)
                .allMatch(l -> l.contains(") " + images + " ") || l.contains("] " + images + " "));
    }

    /** python3 running {@code code}, or null when python3 or the datasets module is missing. */
    static Process python(String code, String arg) throws Exception {
        try {
            Process probe = new ProcessBuilder("python3", "-c", "import datasets, yaml")
                    .redirectErrorStream(true)
                    .start();
            probe.getInputStream().readAllBytes();
            if (probe.waitFor() != 0) {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        ProcessBuilder pb = new ProcessBuilder("python3", "-c", code, arg).redirectErrorStream(true);
        pb.environment().put("HF_DATASETS_OFFLINE", "1");
        pb.environment().put("HF_HUB_OFFLINE", "1");
        pb.environment().put("HF_HOME", Files.createTempDirectory("hf").toString());
        return pb.start();
    }
}
