package org.trawl.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import org.trawl.cli.gbif.GbifCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root command: only lists the subcommands. */
@TopCommand
@Command(
        name = "trawl",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Turns scientific image sources into ML-ready datasets: finds images and labels, plans, "
                + "downloads politely with retries, resumes after any crash, and writes training layouts.",
        subcommands = {
            UrlsCommand.class,
            GbifCommand.class,
            IiifCommand.class,
            M3Command.class,
            FathomNetCommand.class,
            SomCommand.class,
            StatusCommand.class,
            VerifyCommand.class,
            ReportCommand.class,
            DemoCommand.class,
            CompletionCommand.class
        },
        footer = {
            "",
            "Exit codes: 0 all planned items on disk, 1 fatal error, 2 bad usage or input, "
                    + "3 finished with failed items (re-run to resume)."
        })
public class TrawlCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
