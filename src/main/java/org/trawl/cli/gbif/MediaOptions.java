package org.trawl.cli.gbif;

import java.util.Locale;
import org.trawl.core.TrawlException;
import org.trawl.media.MediaFilter;
import org.trawl.source.gbif.Licenses;
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

    private Licenses.Filter filter;

    /** Checks and reads the options; a bad value is a usage error (exit 2) with one line. */
    void validate() {
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

    /** The licence filter, or null when every licence is kept. */
    Licenses.Filter licenses() {
        return filter;
    }

    /** The --license text as given (validated), or null. */
    String licenseSpec() {
        return license == null ? null : license.toLowerCase(Locale.ROOT).strip();
    }
}
