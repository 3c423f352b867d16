package org.trawl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.trawl.core.ExitCode;
import org.trawl.core.TrawlException;
import org.trawl.source.m3.Localizations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** trawl m3 localizations DIGEST...: m3-download's extract_localizations.py. */
@Command(
        name = "localizations",
        mixinStandardHelpOptions = true,
        description = "The bounding boxes of digests: localizations.json. Malformed boxes are reported and skipped.")
public class M3LocalizationsCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "DIGEST", description = "Digest files from `trawl m3 digest`.")
    List<Path> digests;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            defaultValue = "localizations.json",
            description = "Output file (default: ${DEFAULT-VALUE}).")
    Path output;

    @Override
    public Integer call() {
        List<JsonNode> records = new ArrayList<>();
        for (Path d : digests) {
            JsonNode root = Localizations.readJson(d);
            if (!root.isArray()) {
                throw TrawlException.usage(d + ": not a digest (a JSON array of observations)");
            }
            root.forEach(records::add);
        }
        int[] skipped = {0};
        ArrayNode locs = Localizations.extract(records, p -> {
            skipped[0]++;
            System.err.println("trawl: warning: " + p);
        });
        Localizations.write(output, locs);
        System.out.println(locs.size() + " localizations from " + records.size() + " observations"
                + (skipped[0] > 0 ? " (" + skipped[0] + " malformed boxes skipped)" : "") + " -> " + output);
        return ExitCode.OK;
    }
}
