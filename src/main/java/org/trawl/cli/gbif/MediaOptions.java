package org.trawl.cli.gbif;

import java.util.List;
import java.util.Locale;
import org.trawl.core.TrawlException;
import org.trawl.source.gbif.Licenses;
import picocli.CommandLine.Option;

/**
 * Which media of an occurrence are kept, shared by {@code gbif search} and {@code gbif dwca} so both
 * take the same spellings, say the same in --help and reject the same mistakes (read through
 * {@link #validate()} before anything else).
 */
public class MediaOptions {
    /** GBIF's media types (its MediaType enum, the DCMI types), in their canonical spelling. */
    static final List<String> TYPES = List.of("StillImage", "MovingImage", "Sound", "InteractiveResource");

    @Option(
            names = "--media-type",
            paramLabel = "TYPE",
            defaultValue = "StillImage",
            description = "StillImage (default), MovingImage, Sound, InteractiveResource, or any (every type). "
                    + "Only images are kept today: another type selects its records, but a body that is not an image "
                    + "fails as 'not an image'.")
    String mediaType;

    @Option(names = "--all-media", description = "Every media of an occurrence, not one (a seeded random pick).")
    boolean allMedia;

    @Option(
            names = "--license",
            paramLabel = "L,...",
            description = "Keep only media under these licences, judged on the media's own licence (the "
                    + "occurrence's when the media has none): " + Licenses.ACCEPTED + ". A family name matches "
                    + "every version, a code or URL its version only; free text naming no licence never matches.")
    String license;

    private String type;
    private Licenses.Filter filter;

    /** Checks and reads the options; a bad value is a usage error (exit 2) with one line. */
    void validate() {
        if (mediaType.equalsIgnoreCase("any")) {
            type = null;
        } else {
            type = TYPES.stream()
                    .filter(t -> t.equalsIgnoreCase(mediaType.strip()))
                    .findFirst()
                    .orElseThrow(() -> TrawlException.usage("--media-type: unknown type '" + mediaType + "' (one of "
                            + String.join(", ", TYPES) + ", any)"));
        }
        if (license != null) {
            try {
                filter = Licenses.filter(license);
            } catch (IllegalArgumentException e) {
                throw TrawlException.usage("--license: " + e.getMessage());
            }
        }
    }

    /** The media type to keep in its canonical spelling, or null for any. */
    String type() {
        return type;
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
