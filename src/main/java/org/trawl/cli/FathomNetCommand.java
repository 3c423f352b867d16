package org.trawl.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.trawl.core.ExitCode;
import org.trawl.core.TrawlException;
import org.trawl.export.ExportFormat;
import org.trawl.internal.Json;
import org.trawl.job.DatasetJob;
import org.trawl.source.fathomnet.FathomNetClient;
import org.trawl.source.fathomnet.FathomNetSource;
import org.trawl.source.fathomnet.FnImage;
import org.trawl.source.fathomnet.GeoImageConstraints;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** trawl fathomnet: fathomnet-generate on the common engine. */
@Command(
        name = "fathomnet",
        mixinStandardHelpOptions = true,
        description =
                "Images and boxes of concepts from the FathomNet API, filtered by place, depth, time, contributor "
                        + "and imaging type, into OUT/<concept>/<uuid>.<ext> with COCO/VOC/YOLO exports. --count only counts.")
public class FathomNetCommand extends DownloadCommand {
    @Option(
            names = {"-c", "--concept", "--concepts"},
            paramLabel = "C",
            split = ",",
            description = "Concepts (repeat or comma-separate). Without any, the filters alone choose the images "
                    + "(of any concept, every box kept, no concept folder).")
    List<String> concepts;

    @Option(names = "--concepts-file", paramLabel = "FILE", description = "A file of concepts, one per line.")
    Path conceptsFile;

    @Option(
            names = {"--taxa", "-t"},
            paramLabel = "PROVIDER",
            description = "Add each concept's descendants from this taxonomy provider (e.g. fathomnet, worms).")
    String taxa;

    @Option(
            names = {"-a", "--all"},
            description = "Keep every box on the images, not only the asked-for concepts'.")
    boolean allBoxes;

    @Option(names = "--contributor", paramLabel = "EMAIL", description = "Only images from this contributor.")
    String contributor;

    @Option(
            names = "--start",
            paramLabel = "TIME",
            description = "Only images taken at or after (ISO date or instant).")
    String start;

    @Option(names = "--end", paramLabel = "TIME", description = "Only images taken at or before (ISO date or instant).")
    String end;

    @Option(names = "--imaging-type", paramLabel = "T", split = ",", description = "Only these imaging types.")
    List<String> imagingTypes;

    @Option(names = "--min-depth", paramLabel = "M", description = "Only images at least this deep (metres).")
    Double minDepth;

    @Option(names = "--max-depth", paramLabel = "M", description = "Only images at most this deep (metres).")
    Double maxDepth;

    @Option(names = "--min-lat", paramLabel = "DEG", description = "Southern edge of the box (degrees).")
    Double minLat;

    @Option(names = "--max-lat", paramLabel = "DEG", description = "Northern edge of the box (degrees).")
    Double maxLat;

    @Option(names = "--min-lon", paramLabel = "DEG", description = "Western edge of the box (degrees).")
    Double minLon;

    @Option(names = "--max-lon", paramLabel = "DEG", description = "Eastern edge of the box (degrees).")
    Double maxLon;

    @Option(
            names = "--institutions",
            paramLabel = "CODE",
            split = ",",
            description = "Only images owned by these institutions (codes, e.g. MBARI; repeat or comma-separate).")
    List<String> institutions;

    @Option(names = "--exclude-unverified", description = "Leave out unverified images.")
    boolean excludeUnverified;

    @Option(names = "--exclude-verified", description = "Leave out verified images.")
    boolean excludeVerified;

    @Option(
            names = {"-f", "--format"},
            paramLabel = "FMT",
            split = ",",
            description = "Annotation formats to write: coco, voc, yolo (also csv, tfrecord; --export is the same).")
    List<String> formats;

    @Option(names = "--count", description = "Only count the images and boxes per concept; download nothing.")
    boolean count;

    @Option(
            names = "--fathomnet-api",
            paramLabel = "URL",
            defaultValue = "${env:TRAWL_FATHOMNET_API:-https://database.fathomnet.org}",
            description =
                    "The FathomNet site; the API is at URL/api (default: $TRAWL_FATHOMNET_API or ${DEFAULT-VALUE}).")
    String site;

    @Option(
            names = "--api-retries",
            paramLabel = "N",
            defaultValue = "4",
            description = "Retries of an API request that failed transiently (default: ${DEFAULT-VALUE}).")
    int apiRetries;

    @Mixin
    DownloadOptions options;

    /** How --count names the images of a query without a concept. */
    private static final String ANY = "(any concept)";

    public FathomNetCommand(DatasetJob job) {
        super(job);
    }

    @Override
    protected int download() {
        GeoImageConstraints c = constraints();
        List<String> asked = concepts(c);
        List<ExportFormat> fmts = options.export.withOwnFormats(formats);
        FathomNetClient client = new FathomNetClient(site, Math.max(0, apiRetries), 500, options.engine.network());
        List<String> all = new ArrayList<>();
        for (String concept : asked) {
            for (String n : taxa == null || concept == null
                    ? Collections.singletonList(concept)
                    : client.withDescendants(taxa, concept)) {
                if (!all.contains(n)) {
                    all.add(n);
                }
            }
        }
        Map<String, List<FnImage>> byConcept = new LinkedHashMap<>();
        for (String concept : all) {
            byConcept.put(concept, client.images(concept, c));
        }
        FathomNetSource source = new FathomNetSource(byConcept, allBoxes);
        if (count) {
            return printCounts(byConcept, source);
        }
        return run(source, settings(), fmts, true);
    }

    private int printCounts(Map<String, List<FnImage>> byConcept, FathomNetSource source) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        ObjectNode per = o.putObject("concepts");
        for (Map.Entry<String, List<FnImage>> e : byConcept.entrySet()) {
            per.put(e.getKey() == null ? ANY : e.getKey(), e.getValue().size());
        }
        long boxes = source.list().stream().mapToLong(m -> m.boxes().size()).sum();
        o.put("images", source.list().size());
        o.put("boxes", boxes);
        if (options.output.json) {
            System.out.println(o);
        } else {
            byConcept.forEach(
                    (k, v) -> System.out.printf(Locale.ROOT, "%-30s %8d images%n", k == null ? ANY : k, v.size()));
            System.out.printf(
                    Locale.ROOT,
                    "total: %d distinct images, %d boxes%n",
                    source.list().size(),
                    boxes);
        }
        return ExitCode.OK;
    }

    /** The concepts asked for; a single null (any concept) when none is given but a filter is. */
    private List<String> concepts(GeoImageConstraints c) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        if (concepts != null) {
            concepts.stream().map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
        }
        if (conceptsFile != null) {
            try {
                Files.readAllLines(conceptsFile).stream()
                        .map(String::trim)
                        .filter(s -> !s.isEmpty() && !s.startsWith("#"))
                        .forEach(out::add);
            } catch (IOException e) {
                throw TrawlException.usage(conceptsFile + ": cannot read (" + e.getMessage() + ")");
            }
        }
        if (out.isEmpty()) {
            if (!c.filters()) { // not all of FathomNet by accident
                throw TrawlException.usage("give a --concept, a --concepts-file, or a filter (--contributor, "
                        + "--start/--end, --imaging-type, --min/--max-depth, --min/--max-lat/-lon, --institutions)");
            }
            if (taxa != null) {
                throw TrawlException.usage("--taxa needs a --concept to take the descendants of");
            }
            return Collections.singletonList(null);
        }
        return new ArrayList<>(out);
    }

    private GeoImageConstraints constraints() {
        range("--min-lat/--max-lat", minLat, maxLat, -90, 90);
        range("--min-lon/--max-lon", minLon, maxLon, -180, 180);
        range("--min-depth/--max-depth", minDepth, maxDepth, -20000, 20000);
        if (excludeUnverified && excludeVerified) {
            throw TrawlException.usage("--exclude-unverified and --exclude-verified together leave nothing");
        }
        String s = instant("--start", start, false), e = instant("--end", end, true);
        if (s != null && e != null && s.compareTo(e) > 0) {
            throw TrawlException.usage("--start is after --end");
        }
        return new GeoImageConstraints(
                null,
                contributor,
                s,
                e,
                imagingTypes,
                minLon,
                maxLon,
                minLat,
                maxLat,
                minDepth,
                maxDepth,
                excludeUnverified ? Boolean.FALSE : null,
                excludeVerified ? Boolean.FALSE : null,
                institutions == null || institutions.isEmpty()
                        ? null
                        : institutions.stream()
                                .map(String::strip)
                                .filter(x -> !x.isEmpty())
                                .toList(),
                null,
                null);
    }

    private static void range(String name, Double lo, Double hi, double min, double max) {
        for (Double v : new Double[] {lo, hi}) {
            if (v != null && (v < min || v > max || v.isNaN())) {
                throw TrawlException.usage(name + ": " + v + " is outside " + min + ".." + max);
            }
        }
        if (lo != null && hi != null && lo > hi) {
            throw TrawlException.usage(name + ": the minimum is above the maximum");
        }
    }

    /** An ISO instant, or a date (start of day, or end of day for --end), as the API's UTC timestamp. */
    private static String instant(String name, String v, boolean endOfDay) {
        if (v == null) {
            return null;
        }
        try {
            return Instant.parse(v).toString();
        } catch (DateTimeParseException e) {
            try {
                LocalDate d = LocalDate.parse(v);
                return (endOfDay
                                ? d.plusDays(1)
                                        .atStartOfDay(ZoneOffset.UTC)
                                        .toInstant()
                                        .minusMillis(1)
                                : d.atStartOfDay(ZoneOffset.UTC).toInstant())
                        .toString();
            } catch (DateTimeParseException e2) {
                throw TrawlException.usage(name + ": not an ISO date or instant: " + v);
            }
        }
    }
}
