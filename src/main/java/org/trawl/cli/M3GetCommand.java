package org.trawl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.trawl.export.ExportFormat;
import org.trawl.internal.Json;
import org.trawl.job.DatasetJob;
import org.trawl.source.m3.Localizations;
import org.trawl.source.m3.M3Client;
import org.trawl.source.m3.M3Digest;
import org.trawl.source.m3.M3ImageSource;
import org.trawl.source.m3.M3Images;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** trawl m3 get CONCEPT... -o DIR -f coco: every m3-download step in one run, resumable. */
@Command(
        name = "get",
        mixinStandardHelpOptions = true,
        description = "Digest, localizations, images and exports in one go, all in the output folder: "
                + "<concept>_digest.json, localizations.json, the images, image_map.json, and the -f formats.")
public class M3GetCommand extends DownloadCommand {
    @Parameters(arity = "1..*", paramLabel = "CONCEPT", description = "VARS concepts.")
    List<String> concepts;

    @Option(
            names = {"-d", "--descendants"},
            description = "Add every concept below each CONCEPT in the knowledge base.")
    boolean descendants;

    @Option(
            names = {"-a", "--all-boxes"},
            description = "Add every other observation of the same imaged moments.")
    boolean allBoxes;

    @Option(
            names = {"-f", "--format"},
            paramLabel = "FMT",
            split = ",",
            defaultValue = "coco",
            description =
                    "Annotation formats: coco, voc, yolo, csv, tf (default: ${DEFAULT-VALUE}; --export adds more).")
    List<String> formats;

    @Mixin
    DownloadOptions options;

    @Mixin
    M3Options m3;

    public M3GetCommand(DatasetJob job) {
        super(job);
    }

    @Override
    protected int download() {
        List<ExportFormat> fmts = options.export.withOwnFormats(formats);
        M3ImageSource source;
        try (M3Client client = m3.client(options.engine.network())) {
            List<JsonNode> records = new ArrayList<>();
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (String concept : concepts) {
                List<ObjectNode> digest = M3Digest.build(client, concept, descendants, allBoxes);
                ArrayNode arr = Json.MAPPER.createArrayNode();
                arr.addAll(digest);
                Localizations.write(options.output.output().resolve(M3Digest.fileName(concept, descendants)), arr);
                for (ObjectNode o : digest) {
                    // two concepts (or a concept and its descendants) can share observations: each box once
                    JsonNode id = o.get("observation_uuid");
                    if (id == null || seen.add(id.asText().toLowerCase(java.util.Locale.ROOT))) {
                        records.add(o);
                    }
                }
            }
            ArrayNode locs = Localizations.extract(records, M3ImagesCommand::warn);
            java.nio.file.Path locFile = options.output.output().resolve("localizations.json");
            Localizations.write(locFile, locs);
            source = new M3ImageSource(M3Images.resolve(
                    Localizations.read(locFile, "image/png", M3ImagesCommand::warn), client, M3ImagesCommand::warn));
        }
        return run(source, settings(), fmts, false);
    }
}
