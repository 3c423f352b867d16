package org.trawl.cli.gbif;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.trawl.checkpoint.StateLayout;
import org.trawl.cli.DownloadCommand;
import org.trawl.cli.DownloadOptions;
import org.trawl.core.TrawlException;
import org.trawl.job.DatasetJob;
import org.trawl.source.gbif.GbifClient;
import org.trawl.source.gbif.GbifSearchSource;
import org.trawl.source.gbif.Query;
import org.trawl.source.gbif.SubsetStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code trawl gbif search KEY=VALUE...}: gbif-dl's generate_urls + download, as one command. */
@Command(
        name = "search",
        mixinStandardHelpOptions = true,
        description = "Download the media of the occurrences an occurrence search finds. KEY=VALUE is any GBIF "
                + "occurrence-search parameter (taxonKey=5352251 country=FR year=2000,2010 ...); a repeated key is an OR. "
                + "Past 100,000 records the query is split by facets so every record is reachable.",
        footer = {
            "",
            "Balancing (as gbif-dl): --split-streams-by speciesKey,datasetKey makes one stream per combination "
                    + "of the listed keys' values; --samples -1 takes min(stream count) x streams, i.e. the largest balanced set.",
            "Layout: OUT/[subset/][label/]<sha1(url)>.<ext>, OUT/metadata.csv, OUT/failures.csv, OUT/.trawl/. "
                    + "Re-run the same command to resume (the search results are reused from OUT/.trawl/)."
        })
public class GbifSearchCommand extends DownloadCommand {
    private static final Set<String> MANAGED =
            Set.of("offset", "limit", "facet", "facetLimit", "facetOffset", "facetMincount", "facetMultiselect");

    @Parameters(paramLabel = "KEY=VALUE", arity = "1..*", description = "Occurrence-search parameters.")
    List<String> params = new ArrayList<>();

    @Option(
            names = "--label",
            paramLabel = "FIELD",
            description = "Occurrence field naming each image's folder (speciesKey, species, datasetKey, ...).")
    String label;

    @Mixin
    MediaOptions media;

    @Option(
            names = "--split-streams-by",
            paramLabel = "F,...",
            split = ",",
            description = "Query keys whose values each make a stream (their Cartesian product) to balance.")
    List<String> splitBy = new ArrayList<>();

    @Mixin
    BalanceOptions streams;

    @Mixin
    GbifApiOption api;

    @Mixin
    DownloadOptions options;

    public GbifSearchCommand(DatasetJob job) {
        super(job);
    }

    @Override
    protected void checkOptions() {
        query();
        media.validate();
    }

    /** The KEY=VALUE parameters as a query; a malformed one, or one trawl sets itself, is a usage error. */
    private Query query() {
        Query query;
        try {
            query = Query.parse(params);
        } catch (IllegalArgumentException e) {
            throw TrawlException.usage(e.getMessage());
        }
        for (String k : query.asMap().keySet()) {
            if (MANAGED.contains(k)) {
                throw TrawlException.usage(k + "=... is set by trawl (paging and facets); leave it out");
            }
        }
        if (query.has("mediaType")) {
            throw TrawlException.usage("use --media-type instead of mediaType=...");
        }
        return query;
    }

    @Override
    protected int download() {
        // "any": every type trawl keeps, an OR, so occurrences without media are not paged through
        Query query = query().with("mediaType", media().dcmiTypes().toArray(String[]::new));
        streams.validate();
        for (String k : splitBy) {
            if (!query.has(k)) {
                throw TrawlException.usage(
                        "--split-streams-by " + k + ": the query has no " + k + "=VALUE to split on");
            }
        }
        DatasetJob.Settings settings = settings();
        SubsetStreams subsets = streams.subsets(splitBy, settings.plan());
        GbifSearchSource.Options options = new GbifSearchSource.Options(
                query,
                label,
                MediaOptions.type(media()),
                media.allMedia(),
                media.licenses(),
                List.copyOf(splitBy),
                streams.samples,
                streams.perStream,
                streams.weighted,
                settings.plan().seed(),
                subsets,
                streams.mix(),
                media.shared());
        try (GbifClient client = api.client(settings.fetch().network())) {
            GbifSearchSource source = new GbifSearchSource(
                    client, options, settings.dryRun() ? null : StateLayout.root(settings.out()), System.err);
            source.checkSubsets(); // every stream has a subset, before GBIF is asked anything
            return run(source, settings);
        }
    }
}
