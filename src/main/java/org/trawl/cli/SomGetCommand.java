package org.trawl.cli;

import java.nio.file.Path;
import java.util.List;
import org.trawl.core.MediaItem;
import org.trawl.core.TrawlException;
import org.trawl.job.DatasetJob;
import org.trawl.source.som.GoogleEndpoints;
import org.trawl.source.som.SomSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** trawl som get: som get's images and sidecars, through the engine (concurrent, checked, resumable). */
@Command(
        name = "get",
        mixinStandardHelpOptions = true,
        description = "Download the images of a patient (Datastore Entity uid) or, with --query-images, of a study "
                + "(Image AccessionNumber) in one collection, from Cloud Storage, with a .json metadata file beside "
                + "each. Read-only: nothing is written to Datastore.",
        footer = {
            "",
            "Layout: OUT/<collection>/<each part of the Image key name>.<ext> with <stem>.json beside it, "
                    + "OUT/metadata.csv, OUT/failures.csv, OUT/.trawl/checkpoint.json. Re-run the same command to resume.",
            "",
            "Credentials: --credentials FILE, else Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, "
                    + "gcloud auth application-default login, or the metadata server). DATASTORE_EMULATOR_HOST and "
                    + "STORAGE_EMULATOR_HOST point at emulators and turn credentials off for that service."
        })
public class SomGetCommand extends DownloadCommand {
    @Option(
            names = "--project",
            required = true,
            paramLabel = "P",
            description = "Google Cloud project holding the Datastore.")
    String project;

    @Option(
            names = "--suid",
            required = true,
            paramLabel = "S",
            description =
                    "The uid of the entity (patient) whose images to get, or with --query-images the study's AccessionNumber.")
    String suid;

    @Option(
            names = "--bucket",
            required = true,
            paramLabel = "B",
            description = "Cloud Storage bucket holding the images.")
    String bucket;

    @Option(
            names = "--collection",
            required = true,
            paramLabel = "C",
            description =
                    "Collection (e.g. the IRB number): the query is restricted to it and it names the top folder.")
    String collection;

    @Option(
            names = "--outfolder",
            paramLabel = "DIR",
            description = "som's name for -o/--output; wins over it when given.")
    Path outfolder;

    @Option(
            names = "--query-images",
            description =
                    "Find images by their AccessionNumber (a study) instead of by their entity's uid (a patient).")
    boolean queryImages;

    @Option(
            names = "--credentials",
            paramLabel = "FILE",
            description =
                    "A service-account key (or gcloud ADC) JSON file to use instead of Application Default Credentials.")
    Path credentials;

    @Option(
            names = "--datastore-api",
            paramLabel = "URL",
            description =
                    "Datastore base URL (default: https://datastore.googleapis.com, or DATASTORE_EMULATOR_HOST without auth).")
    String datastoreApi;

    @Option(
            names = "--storage-api",
            paramLabel = "URL",
            description =
                    "Cloud Storage base URL (default: https://storage.googleapis.com, or STORAGE_EMULATOR_HOST without auth).")
    String storageApi;

    @Option(
            names = "--series-archives",
            description = "Also fetch the compressed image series (objects named .tar.gz or .tgz), left out otherwise: "
                    + "each is kept as the file the bucket holds, checked to be gzip, and, once downloaded, a "
                    + "whole tar inside (read through once, nothing extracted). Exports leave them out.")
    boolean seriesArchives;

    @Option(names = "--page-size", hidden = true, defaultValue = "500", description = "Datastore query page size.")
    int pageSize;

    @Mixin
    DownloadOptions options;

    public SomGetCommand(DatasetJob job) {
        super(job);
    }

    @Override
    protected void checkOptions() {
        for (String[] v : new String[][] {
            {"--project", project}, {"--suid", suid}, {"--bucket", bucket}, {"--collection", collection}
        }) {
            if (v[1] == null || v[1].isBlank()) {
                throw TrawlException.usage(v[0] + " must not be empty");
            }
        }
    }

    @Override
    protected org.trawl.media.MediaFilter media() {
        return seriesArchives ? super.media().withArchives() : super.media();
    }

    @Override
    protected int download() {
        if (pageSize < 1) {
            throw TrawlException.usage("--page-size must be at least 1");
        }
        String b = bucket.startsWith("gs://") ? bucket.substring(5) : bucket;
        if (b.isEmpty() || b.contains("/")) {
            throw TrawlException.usage("--bucket must be a bucket name, not " + bucket);
        }
        GoogleEndpoints endpoints;
        try {
            endpoints = GoogleEndpoints.resolve(System.getenv(), datastoreApi, storageApi);
        } catch (IllegalArgumentException e) {
            throw TrawlException.usage(e.getMessage());
        }
        SomSource source = new SomSource(
                new SomSource.Query(project, suid, b, collection, queryImages, seriesArchives),
                new SomSource.Access(
                        endpoints, credentials, options.engine.retries, pageSize, 1000, options.engine.network()));
        List<MediaItem> found = source.load();
        if (!options.output.quiet && !options.output.json) {
            System.err.printf(
                    "found %d images for %s %s in collection %s%n",
                    found.size(), queryImages ? "AccessionNumber" : "suid", suid, collection);
            if (source.archivesLeftOut() > 0) {
                System.err.printf(
                        "left out %d compressed image series (.tar.gz); --series-archives fetches them%n",
                        source.archivesLeftOut());
            }
        }
        DatasetJob.Settings settings = settings();
        if (outfolder != null) {
            settings = settings.withOut(outfolder);
        }
        return run(source, settings);
    }
}
