package org.trawl.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.trawl.core.ExitCode;
import org.trawl.internal.Json;
import org.trawl.source.m3.Localizations;
import org.trawl.source.m3.M3Client;
import org.trawl.source.m3.M3Digest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** trawl m3 digest CONCEPT: m3-download's generate_digest.py. */
@Command(
        name = "digest",
        mixinStandardHelpOptions = true,
        description = "Observations with images of a VARS concept, as M3 gives them: <concept>[_desc]_digest.json.")
public class M3DigestCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONCEPT", description = "The VARS concept, e.g. \"Sebastes\".")
    String concept;

    @Option(
            names = {"-d", "--descendants"},
            description = "Add every concept below CONCEPT in the knowledge base.")
    boolean descendants;

    @Option(
            names = {"-a", "--all-boxes"},
            description = "Add every other observation of the same imaged moments (all boxes in those frames).")
    boolean allBoxes;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Digest file (default: <concept>[_desc]_digest.json in the current folder).")
    Path output;

    @Mixin
    M3Options m3;

    @Option(names = "--insecure", description = "Do not verify TLS certificates (verified by default).")
    boolean insecure;

    @Mixin
    NetworkOptions network;

    @Override
    public Integer call() {
        Path file = output != null ? output : Path.of(M3Digest.fileName(concept, descendants));
        List<ObjectNode> digest;
        try (M3Client client = m3.client(network.network(insecure))) {
            digest = M3Digest.build(client, concept, descendants, allBoxes);
        }
        ArrayNode arr = Json.MAPPER.createArrayNode();
        arr.addAll(digest);
        Localizations.write(file, arr);
        System.out.println(digest.size() + " observations -> " + file);
        return ExitCode.OK;
    }
}
