package org.trawl.cli.gbif;

import java.util.Locale;
import org.trawl.core.TrawlException;
import org.trawl.media.MediaFilter;
import org.trawl.source.gbif.Licenses;
import org.trawl.source.gbif.SharedLabels;
import picocli.CommandLine.Option;

/**
 * Which media of an occurrence are kept (besides their type, which is the shared --media-type), shared by {@code gbif search} and {@code gbif dwca} so both
 * take the same spellings, say the same in --help and reject the same mistakes (read through
 * {@link #validate()} before anything else).
 */
public class MediaOptions {
    @Option(names = "--all-media", description = "Every media of an occurrence, not one (a seeded random pick).")
    boolean allMedia;

    @Option(
            names = "--license",
            paramLabel = "L,...",
            description = "Keep only media under these licences, judged on the media's own licence (the "
                    + "occurrence's when the media has none): " + Licenses.ACCEPTED + ". A family name matches "
                    + "every version, a code or URL its version only; free text naming no licence never matches.")
    String license;

    @Option(
            names = "--shared-labels",
            paramLabel = "HOW",
            defaultValue = "drop",
            description = "An image whose occurrences carry different labels (one photo of a drawer of several "
                    + "species), judged on every occurrence with its URL that has a label (gbif search: among the "
                    + "pages it reads): drop (default) leaves it out of the dataset, the label counts and the "
                    + "streams, and lists it in duplicates.csv as shared_across_labels; first files it under the "
                    + "label of the first such occurrence; all files one copy under each of its labels (fetched "
                    + "once per label). Occurrences that agree give one item, whatever this says.")
    String sharedLabels;

    private Licenses.Filter filter;
    private SharedLabels shared;

    /** Checks and reads the options; a bad value is a usage error (exit 2) with one line. */
    void validate() {
        shared = SharedLabels.parse(sharedLabels);
        if (shared == null) {
            throw TrawlException.usage(
                    "--shared-labels: unknown value '" + sharedLabels + "' (one of " + SharedLabels.CHOICES + ")");
        }
        if (license != null) {
            try {
                filter = Licenses.filter(license);
            } catch (IllegalArgumentException e) {
                throw TrawlException.usage("--license: " + e.getMessage());
            }
        }
    }

    /** The DCMI type a source keeps (its media's "type"), or null for any: from --media-type. */
    static String type(MediaFilter media) {
        return media.isAny() ? null : media.single().dcmiType();
    }

    boolean allMedia() {
        return allMedia;
    }

    /** --shared-labels as read by {@link #validate()}. */
    SharedLabels shared() {
        return shared;
    }

    /** The licence filter, or null when every licence is kept. */
    Licenses.Filter licenses() {
        return filter;
    }

    /** The --license text as given (validated), or null. */
    String licenseSpec() {
        return license == null ? null : license.toLowerCase(Locale.ROOT).strip();
    }
}
