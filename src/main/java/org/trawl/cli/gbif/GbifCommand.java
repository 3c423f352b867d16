package org.trawl.cli.gbif;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code trawl gbif}: the GBIF sources (occurrence search, the download API, DwC-A archives). */
@Command(
        name = "gbif",
        mixinStandardHelpOptions = true,
        description = "GBIF: occurrence search with balanced streams (search), the download API (request, status), "
                + "Darwin Core Archives (dwca).",
        subcommands = {GbifSearchCommand.class, GbifRequestCommand.class, GbifStatusCommand.class, GbifDwcaCommand.class
        })
public class GbifCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
