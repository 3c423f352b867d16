package org.trawl.cli.gbif;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.trawl.cli.DownloadCommand;
import org.trawl.cli.DownloadOptions;
import org.trawl.cli.InputLimitOption;
import org.trawl.cli.VersionProvider;
import org.trawl.core.TrawlException;
import org.trawl.job.DatasetJob;
import org.trawl.source.gbif.SubsetStreams;
import org.trawl.source.gbif.dwca.ArchiveResolver;
import org.trawl.source.gbif.dwca.DwcaArchive;
import org.trawl.source.gbif.dwca.DwcaException;
import org.trawl.source.gbif.dwca.DwcaSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** trawl gbif dwca ARCHIVE --label FIELD: the media of a Darwin Core Archive, streamed from the zip. */
@Command(
        name = "dwca",
        mixinStandardHelpOptions = true,
        description =
                "Download the media of a Darwin Core Archive (a GBIF DWCA download or any DwC-A with a Multimedia "
                        + "or EOL media extension), read straight from the zip. ARCHIVE is a zip, an unzipped folder, a GBIF "
                        + "download key or a download DOI (fetched into OUT/.trawl/dwca/, resumed and reused).",
        footer = {
            "",
            "Layout: OUT/[subset/]label/<sha1(url)>.<ext>, OUT/metadata.csv (gbifID, datasetKey, publisher, "
                    + "licence, rights holder, taxon keys and names), OUT/failures.csv. Re-run the same command to resume."
        })
public class GbifDwcaCommand extends DownloadCommand {

    @Parameters(
            index = "0",
            paramLabel = "ARCHIVE",
            description = "A DwC-A zip or folder, a GBIF download key, or a DOI.")
    String archive;

    @Option(
            names = "--label",
            required = true,
            paramLabel = "FIELD",
            description =
                    "Core term naming each image's folder, e.g. speciesKey, species, taxonKey (local name or URI).")
    String label;

    @Option(
            names = "--max-per-label",
            paramLabel = "N",
            description = "At most N images per label, a seeded random sample (--seed); labels with fewer keep all.")
    Integer maxPerLabel;

    @Mixin
    MediaOptions media;

    @Mixin
    GbifApiOption api;

    @Option(
            names = "--datacite-api",
            paramLabel = "URL",
            defaultValue = "${env:TRAWL_DATACITE_API:-https://api.datacite.org}",
            description =
                    "DataCite API base, asked when GBIF does not know a DOI (env TRAWL_DATACITE_API; default ${DEFAULT-VALUE}).")
    String dataciteApi;

    @Option(
            names = "--split-streams-by",
            paramLabel = "F,...",
            split = ",",
            description = "Core terms whose value combinations each make a stream to balance (as gbif-dl), "
                    + "e.g. speciesKey or countryCode,basisOfRecord.")
    java.util.List<String> splitBy = new java.util.ArrayList<>();

    @Mixin
    BalanceOptions streams;

    @Mixin
    InputLimitOption input;

    @Mixin
    DownloadOptions options;

    public GbifDwcaCommand(DatasetJob job) {
        super(job);
    }

    @Override
    protected void checkOptions() {
        if (maxPerLabel != null && maxPerLabel < 1) {
            throw TrawlException.usage("--max-per-label must be at least 1");
        }
        media.validate();
    }

    @Override
    protected int download() {
        streams.validate();
        DatasetJob.Settings settings = settings();
        SubsetStreams subsets = streams.subsets(splitBy, settings.plan());
        boolean balancing =
                !splitBy.isEmpty() || streams.samples != null || streams.perStream != null || subsets != null;
        Path work = settings.out().resolve(".trawl").resolve("dwca");
        PrintStream log = settings.quiet() ? new PrintStream(PrintStream.nullOutputStream()) : System.err;
        try {
            Path zip = new ArchiveResolver(
                            api.gbifApi,
                            dataciteApi,
                            work,
                            log,
                            "trawl/" + VersionProvider.version(),
                            settings.fetch().network())
                    .resolve(archive);
            DwcaSource.Balance balance = balancing
                    ? new DwcaSource.Balance(
                            java.util.List.copyOf(splitBy),
                            streams.samples,
                            streams.perStream,
                            streams.weighted,
                            subsets,
                            streams.mix())
                    : null;
            DwcaSource.Options o = new DwcaSource.Options(
                    label,
                    MediaOptions.type(media()),
                    media.allMedia(),
                    maxPerLabel,
                    media.licenseSpec(),
                    settings.plan().seed(),
                    work,
                    balance,
                    media.shared());
            try (DwcaArchive a = DwcaArchive.open(zip).maxRowBytes(input.bytes());
                    DwcaSource source = DwcaSource.open(a, o)) {
                report(source.stats(), log);
                return run(source, settings);
            }
        } catch (DwcaException e) {
            throw TrawlException.usage(e.getMessage());
        } catch (IOException e) {
            throw TrawlException.fatal(e.getMessage(), e);
        }
    }

    private static void report(DwcaSource.Stats s, PrintStream log) {
        log.printf(
                Locale.ROOT,
                "dwca: %d occurrences, %d media rows -> %d items in %d labels%n",
                s.occurrences(),
                s.mediaRows(),
                s.items(),
                s.labels());
        StringBuilder b = new StringBuilder();
        append(b, s.otherType(), "other media type");
        append(b, s.noUrl(), "without URL");
        append(b, s.orphans(), "without occurrence");
        append(b, s.noLabel(), "without label");
        append(b, s.otherLicense(), "other licence");
        append(b, s.duplicateUrls(), "repeated URL");
        append(b, s.sharedRows(), "of an image shared across labels");
        append(b, s.candidates() - s.items() - s.notDrawn(), "not sampled (one per occurrence / --max-per-label)");
        append(b, s.notDrawn(), "not drawn by the stream balancing");
        if (b.length() > 0) {
            log.println("dwca: media rows left out: " + b);
        }
        if (s.sharedUrls() > 0) {
            log.printf(
                    Locale.ROOT,
                    "dwca: %d image URLs are carried by occurrences with different labels (see --shared-labels)%n",
                    s.sharedUrls());
        }
    }

    private static void append(StringBuilder b, long n, String what) {
        if (n > 0) {
            b.append(b.length() > 0 ? ", " : "").append(n).append(' ').append(what);
        }
    }
}
