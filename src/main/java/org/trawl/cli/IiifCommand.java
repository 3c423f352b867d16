package org.trawl.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.trawl.core.TrawlException;
import org.trawl.fetch.FetchOptions;
import org.trawl.job.DatasetJob;
import org.trawl.source.iiif.DocumentClient;
import org.trawl.source.iiif.IiifSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** trawl iiif URL OUTPUT_DIR: iiif_downloader's command line, on the common pipeline. */
@Command(
        name = "iiif",
        mixinStandardHelpOptions = true,
        description = "Download the images of a IIIF document: a Collection (nested to any depth), Manifest, "
                + "Sequence or Canvas (Presentation 2.1 or 3.0), an Image API info.json, or a local file of such "
                + "URLs (one per line) or a IIIF document saved to disk.",
        footer = {
            "",
            "Layout (iiif_downloader's): OUTPUT_DIR/<document id without punctuation>/NNNN.<ext> (from 0000, "
                    + "in reading order, the format served), OUTPUT_DIR/downloaded_images.txt, the -m vgg_frontend CSV; "
                    + "plus metadata.csv, failures.csv and .trawl/checkpoint.json. An existing folder resumes.",
            "Exit codes: 2 if the document given cannot be used; 3 if an image or a member of a collection "
                    + "failed (the others are downloaded)."
        })
public class IiifCommand extends DownloadCommand {
    @Parameters(
            index = "0",
            paramLabel = "URL",
            description = "The IIIF document (http or https URL), or a local file.")
    String input;

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "OUTPUT_DIR",
            description = "Output folder (iiif_downloader's images_base_path); same as -o.")
    Path outputDir;

    @Option(
            names = {"-w", "--max-width"},
            paramLabel = "PX",
            description = "Largest width in pixels, asked of the image server (never upscaled; the height keeps the "
                    + "aspect ratio); an image without a service, or one served wider, is downscaled to it here. 'full' or absent: "
                    + "the largest size the server gives.")
    String maxWidth;

    @Option(
            names = {"-m", "--metadata"},
            paramLabel = "METADATA.csv",
            description = "Also write the vgg_frontend metadata CSV (#filename,file_attributes) to this file.")
    Path metadata;

    @Option(
            names = "--full-resolution",
            description = "When a server caps the size below the one wanted (its "
                    + "maxWidth/maxHeight/maxArea under the full size, or under -w) and advertises tiles, fetch the tiles at "
                    + "full resolution and stitch them into one JPEG of the full size (then reduced to -w if given). Tiles wait "
                    + "in OUTPUT_DIR/.trawl/tiles/ and are deleted once their image is in place. An image with lower limits "
                    + "of its own than its server's, learnt only when it refuses a size, gets the largest size it allows, "
                    + "not tiles.")
    boolean fullResolution;

    @Option(
            names = "-c",
            description = "Accepted for compatibility with iiif_downloader, where it turned TLS certificate "
                    + "checks on: trawl always checks them (--insecure turns them off).")
    boolean verifyCertificates;

    @Mixin
    DownloadOptions options;

    public IiifCommand(DatasetJob job) {
        super(job);
    }

    @Override
    protected int download() {
        DatasetJob.Settings settings = settings();
        if (outputDir != null) {
            if (spec.commandLine().getParseResult().hasMatchedOption("-o")) {
                throw TrawlException.usage("give the output folder once: OUTPUT_DIR or -o, not both");
            }
            settings = settings.withOut(outputDir);
        }
        FetchOptions f = settings.fetch();
        DocumentClient client = new DocumentClient(new DocumentClient.Settings(
                f.retries(),
                f.perHost(),
                f.connectTimeout(),
                f.timeout(),
                f.network(),
                f.userAgent(),
                500,
                f.userHeaders()));
        IiifSource source = new IiifSource(
                new IiifSource.Options(input, width(maxWidth), metadata, Math.min(f.jobs(), 32), fullResolution),
                client,
                System.err);
        source.resolve(); // a bad input fails here, before the output folder is touched
        // exit 3 when documents were skipped
        int code = run(source, settings);
        if (source.problems() > 0) {
            System.err.println("trawl: " + source.problems() + " IIIF document(s) could not be read (see above); "
                    + "the others were processed");
        }
        return code;
    }

    static int width(String w) {
        if (w == null || w.equalsIgnoreCase("full") || w.equalsIgnoreCase("max")) {
            return -1;
        }
        try {
            int px = Integer.parseInt(w.trim().toLowerCase(Locale.ROOT).replaceAll(",$", ""));
            if (px < 1) {
                throw TrawlException.usage("-w must be a positive number of pixels or 'full', got " + w);
            }
            return px;
        } catch (NumberFormatException e) {
            throw TrawlException.usage("-w must be a positive number of pixels or 'full', got " + w);
        }
    }
}
