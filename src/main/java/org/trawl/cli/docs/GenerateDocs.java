package org.trawl.cli.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.trawl.cli.TrawlCommand;
import picocli.CommandLine;

/**
 * Build step (exec-maven-plugin, process-classes): writes completion/trawl.bash, completion/_trawl,
 * completion/trawl.fish and packaging/man/trawl.1 from the command model, so they can never drift
 * from the options the binary accepts.
 */
public final class GenerateDocs {
    private GenerateDocs() {}

    public static void main(String[] args) throws IOException {
        Path base = Path.of(args.length > 0 ? args[0] : ".");
        String version = args.length > 1 ? args[1] : "dev";
        String date = args.length > 2 ? args[2] : ""; // no build date: the committed page must not change every day
        CommandLine root = model();
        write(base.resolve("completion/trawl.bash"), CompletionScripts.bash(root));
        write(base.resolve("completion/_trawl"), CompletionScripts.zsh(root));
        write(base.resolve("completion/trawl.fish"), CompletionScripts.fish(root));
        write(base.resolve("packaging/man/trawl.1"), ManPage.troff(root, version, date));
    }

    /** The same command tree the binary runs, without CDI. */
    public static CommandLine model() {
        return new CommandLine(TrawlCommand.class, new ModelFactory());
    }

    /** Writes only when the content changed, atomically, so builds do not touch unchanged files. */
    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        if (Files.exists(file) && Files.readString(file, StandardCharsets.UTF_8).equals(content)) {
            return;
        }
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
