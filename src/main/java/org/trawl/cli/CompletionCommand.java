package org.trawl.cli;

import java.util.concurrent.Callable;
import org.trawl.cli.docs.CompletionScripts;
import org.trawl.core.ExitCode;
import org.trawl.core.TrawlException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * trawl completion SHELL: prints the completion script, e.g. `source <(trawl completion bash)`. The zsh
 * line's {@code $$} is picocli's escape: a single {@code $} would be read as a variable and print "null".
 */
@Command(
        name = "completion",
        mixinStandardHelpOptions = true,
        description = "Print the shell completion script for bash, zsh or fish.",
        footer = {
            "",
            "bash: source <(trawl completion bash)",
            "zsh:  trawl completion zsh > \"$${fpath[1]}/_trawl\"",
            "fish: trawl completion fish > ~/.config/fish/completions/trawl.fish"
        })
public class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "SHELL",
            completionCandidates = Shells.class,
            description = "One of: ${COMPLETION-CANDIDATES}.")
    String shell;

    static final class Shells extends java.util.ArrayList<String> {
        Shells() {
            super(CompletionScripts.SHELLS);
        }
    }

    @Override
    public Integer call() {
        if (!CompletionScripts.SHELLS.contains(shell)) {
            throw TrawlException.usage("unknown shell '" + shell + "': use bash, zsh or fish");
        }
        spec.commandLine()
                .getOut()
                .print(CompletionScripts.script(shell, spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
