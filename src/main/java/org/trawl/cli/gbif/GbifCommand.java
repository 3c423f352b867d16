package org.trawl.cli.gbif;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * trawl gbif: GBIF sources. (On this branch it holds only dwca; the gbif search/request/status
 * branch brings the full parent.)
 */
@Command(name = "gbif", mixinStandardHelpOptions = true, description = "GBIF occurrence media: Darwin Core Archives.",
        subcommands = {GbifDwcaCommand.class})
public class GbifCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
