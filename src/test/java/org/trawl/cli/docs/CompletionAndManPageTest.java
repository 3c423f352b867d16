package org.trawl.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The generated completion scripts complete in a real bash, and the man page renders cleanly. */
class CompletionAndManPageTest {
    @TempDir
    Path tmp;

    static CommandLine model() {
        return GenerateDocs.model();
    }

    /** Runs bash's completion function for the words typed so far; the last word is the one completed. */
    List<String> complete(String... words) throws Exception {
        Path script = tmp.resolve("trawl.bash");
        Files.writeString(script, CompletionScripts.bash(model()), StandardCharsets.UTF_8);
        StringBuilder arr = new StringBuilder();
        for (String w : words) {
            arr.append(" '").append(w.replace("'", "'\\''")).append("'");
        }
        String prog = "source '" + script + "'\n"
                + "COMP_WORDS=(" + arr + ")\n"
                + "COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n"
                + "COMP_LINE=\"${COMP_WORDS[*]}\"; COMP_POINT=${#COMP_LINE}\n"
                + "_complete_trawl trawl \"${COMP_WORDS[-1]}\" \"${COMP_WORDS[-2]}\" 2>/dev/null\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        List<String> out = run(List.of("bash", "--norc", "--noprofile", "-c", prog));
        out.removeIf(String::isBlank);
        return out;
    }

    static List<String> run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>(
                List.of(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")));
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return lines;
    }

    @Test
    void bashCompletesSubcommandsOptionsAndValues() throws Exception {
        assertThat(complete("trawl", "")).contains("urls", "status", "verify", "demo", "completion");
        assertThat(complete("trawl", "ur")).containsExactly("urls");
        assertThat(complete("trawl", "urls", "--ret")).containsExactlyInAnyOrder("--retries", "--retry-failed");
        assertThat(complete("trawl", "urls", "list.csv", "--sh")).containsExactly("--shard");
        assertThat(complete("trawl", "completion", "")).containsExactly("bash", "zsh", "fish");
        assertThat(complete("trawl", "status", "--")).contains("--json", "--help");
    }

    @Test
    void everyCommandIsInEveryScriptAndTheManPage() {
        CommandLine root = model();
        String bash = CompletionScripts.bash(root),
                zsh = CompletionScripts.zsh(root),
                fish = CompletionScripts.fish(root);
        String man = ManPage.troff(root, "1.2.3", "");
        for (CommandLine sub : CompletionScripts.distinctSubcommands(root)) {
            String name = sub.getCommandName();
            assertThat(bash).contains("_picocli_trawl_" + name);
            assertThat(zsh).startsWith("#compdef trawl").contains("_picocli_trawl_" + name);
            assertThat(fish).contains("-a " + name + " ");
            assertThat(man).contains(".SS trawl " + name);
        }
        assertThat(fish).contains("-l retry-failed").contains("-a 'bash zsh fish'");
        assertThat(man).contains("\\-\\-retry\\-failed").contains("trawl 1.2.3");
    }

    /** A picocli variable that resolves to nothing prints "null" (it did in the zsh line of completion --help). */
    @Test
    void noHelpTextNorTheManPageSaysNull() {
        CommandLine root = model();
        assertThat(ManPage.troff(root, "1.2.3", "")).doesNotContainPattern("\\bnull\\b");
        List<CommandLine> all = new ArrayList<>(List.of(root));
        for (int i = 0; i < all.size(); i++) { // every command, subcommands of subcommands too
            CommandLine c = all.get(i);
            assertThat(c.getUsageMessage(CommandLine.Help.Ansi.OFF))
                    .as(c.getCommandSpec().qualifiedName())
                    .doesNotContainPattern("\\bnull\\b");
            all.addAll(CompletionScripts.distinctSubcommands(c));
        }
        assertThat(all).hasSizeGreaterThan(15);
        assertThat(root.getSubcommands().get("completion").getUsageMessage(CommandLine.Help.Ansi.OFF))
                .contains("${fpath[1]}/_trawl");
    }

    @Test
    void manPageRendersWithoutTroffWarnings() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/groff")), "groff is not installed: rendering not checked");
        Path page = tmp.resolve("trawl.1");
        Files.writeString(page, ManPage.troff(model(), "1.2.3", ""), StandardCharsets.UTF_8);
        List<String> warnings = run(List.of("groff", "-man", "-Tutf8", "-ww", "-z", page.toString()));
        warnings.removeIf(String::isBlank);
        assertThat(warnings).isEmpty();
        List<String> text = run(List.of("groff", "-man", "-Tutf8", "-P-cbou", page.toString()));
        assertThat(String.join("\n", text)).contains("NAME").contains("trawl urls LIST");
    }

    @Test
    void fishScriptIsValidFishWhereFishIsInstalled() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/fish")), "fish is not installed: syntax not checked");
        Path script = tmp.resolve("trawl.fish");
        Files.writeString(script, CompletionScripts.fish(model()), StandardCharsets.UTF_8);
        List<String> out = run(List.of("fish", "--no-execute", script.toString()));
        out.removeIf(String::isBlank);
        assertThat(out).isEmpty();
        List<String> done = run(List.of(
                "fish",
                "--no-config",
                "-c",
                "source " + script + "; complete -C 'trawl ur'; "
                        + "complete -C 'trawl urls --retr'; complete -C 'trawl completion '"));
        assertThat(done)
                .anyMatch(l -> l.startsWith("urls\t"))
                .anyMatch(l -> l.startsWith("--retry-failed\t"))
                .contains("bash", "zsh", "fish");
    }
}
