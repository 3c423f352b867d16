package org.trawl.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packages built from the artifact under test (the native executable, or the jar with its
 * launcher): the .deb installs with dpkg (into a private root, so the test machine is untouched),
 * runs, completes in bash, and removes cleanly; the Homebrew tarball matches its formula.
 */
class PackagesIT {
    @TempDir
    Path tmp;

    static final Path LAUNCHER = Path.of(System.getProperty("trawl.launcher", "target/quarkus-app/quarkus-run.jar"))
            .toAbsolutePath();

    static List<String> artifactArgs() {
        return LAUNCHER.toString().endsWith(".jar")
                ? List.of("--jar", LAUNCHER.getParent().toString())
                : List.of("--native", LAUNCHER.toString());
    }

    record Run(int code, String out) {}

    static Run run(Path dir, List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("timed out: " + cmd).isTrue();
        return new Run(p.exitValue(), out);
    }

    static List<String> cmd(String... parts) {
        return new ArrayList<>(List.of(parts));
    }

    @Test
    void debInstallsRunsCompletesAndRemoves() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dpkg-deb")), "dpkg-deb is not installed: .deb not tested");
        Path cwd = Path.of("").toAbsolutePath();
        List<String> build = cmd("bash", "packaging/deb/build-deb.sh", "--out", tmp.toString());
        build.addAll(artifactArgs());
        Run built = run(cwd, build);
        assertThat(built.code()).as(built.out()).isZero();
        Path deb = Path.of(built.out().strip().lines().reduce((a, b) -> b).orElseThrow());
        assertThat(deb).exists();

        Path root = tmp.resolve("root");
        Files.createDirectories(root.resolve("var/lib/dpkg/updates"));
        Files.createDirectories(root.resolve("var/lib/dpkg/info"));
        Files.createFile(root.resolve("var/lib/dpkg/status"));
        Run installed =
                run(cwd, cmd("dpkg", "--root=" + root, "--force-depends", "--force-not-root", "-i", deb.toString()));
        assertThat(installed.code()).as(installed.out()).isZero();

        Path trawl = root.resolve("usr/bin/trawl");
        Run version = run(tmp, cmd(trawl.toString(), "--version"));
        assertThat(version.code()).isZero();
        assertThat(version.out()).startsWith("trawl ");
        Run demo =
                run(tmp, cmd(trawl.toString(), "demo", "-o", tmp.resolve("demo").toString()));
        assertThat(demo.code()).as(demo.out()).isZero();
        assertThat(Files.readAllLines(tmp.resolve("demo/metadata.csv"))).hasSize(25);
        assertThat(root.resolve("usr/share/man/man1/trawl.1.gz")).exists();
        assertThat(root.resolve("usr/share/zsh/vendor-completions/_trawl")).exists();
        assertThat(root.resolve("usr/share/fish/vendor_completions.d/trawl.fish"))
                .exists();
        Path completion = root.resolve("usr/share/bash-completion/completions/trawl");
        Run completed = run(
                tmp,
                cmd(
                        "bash",
                        "--norc",
                        "-c",
                        "source '" + completion + "'; COMP_WORDS=(trawl ver); "
                                + "COMP_CWORD=1; _complete_trawl trawl ver trawl 2>/dev/null; echo \"${COMPREPLY[*]}\""));
        assertThat(completed.out().strip()).isEqualTo("verify");

        Run removed = run(cwd, cmd("dpkg", "--root=" + root, "--force-not-root", "-r", "trawl"));
        assertThat(removed.code()).as(removed.out()).isZero();
        assertThat(trawl).doesNotExist();
        assertThat(completion).doesNotExist();
    }

    @Test
    void homebrewFormulaPointsAtTheTarballItDescribes() throws Exception {
        Path cwd = Path.of("").toAbsolutePath();
        List<String> build = cmd(
                "bash",
                "packaging/homebrew/build-formula.sh",
                "--url-base",
                "https://downloads.invalid/trawl",
                "--out",
                tmp.toString());
        build.addAll(artifactArgs());
        Run built = run(cwd, build);
        assertThat(built.code()).as(built.out()).isZero();
        List<String> lines = built.out().strip().lines().toList();
        Path tarball = Path.of(lines.get(lines.size() - 2)), formula = Path.of(lines.get(lines.size() - 1));
        String rb = Files.readString(formula);
        String sha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(tarball)));
        assertThat(rb)
                .contains("sha256 \"" + sha + "\"")
                .contains("url \"https://downloads.invalid/trawl/" + tarball.getFileName() + "\"")
                .doesNotContainPattern("@[A-Z0-9]+@"); // every template field filled
        Path unpacked = tmp.resolve("unpacked");
        Files.createDirectories(unpacked);
        assertThat(run(tmp, cmd("tar", "-xzf", tarball.toString(), "-C", unpacked.toString()))
                        .code())
                .isZero();
        Path top;
        try (var s = Files.list(unpacked)) {
            top = s.findFirst().orElseThrow();
        }
        // every path the formula installs is in the tarball
        for (String p : List.of("completion/trawl.bash", "completion/_trawl", "completion/trawl.fish", "man/trawl.1")) {
            assertThat(top.resolve(p)).exists();
        }
        Path exe = Files.exists(top.resolve("bin/trawl")) ? top.resolve("bin/trawl") : top.resolve("libexec/trawl");
        Run v = run(tmp, cmd(exe.toString(), "--version"));
        assertThat(v.code()).as(v.out()).isZero();
        if (Files.isExecutable(Path.of("/usr/bin/ruby"))) {
            assertThat(run(tmp, cmd("ruby", "-c", formula.toString())).out()).contains("Syntax OK");
        }
    }
}
