package org.trawl.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** trawl som: som-tools' commands (Google Datastore + Cloud Storage). */
@Command(
        name = "som",
        mixinStandardHelpOptions = true,
        description = "som-tools: images and metadata from Google Cloud Datastore and Cloud Storage.",
        subcommands = {SomGetCommand.class})
public class SomCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
