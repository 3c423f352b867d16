package org.trawl.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** trawl m3: MBARI M3/VARS, m3-download's steps and all of them at once. */
@Command(
        name = "m3",
        mixinStandardHelpOptions = true,
        description = "MBARI M3/VARS: concept -> digest -> localizations -> images -> COCO/VOC/YOLO/CSV/TFRecord "
                + "(m3-download's steps), or all at once with `trawl m3 get`.",
        subcommands = {
            M3DigestCommand.class,
            M3LocalizationsCommand.class,
            M3ImagesCommand.class,
            M3ReformatCommand.class,
            M3GetCommand.class
        })
public class M3Command implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
