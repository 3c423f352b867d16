package org.trawl.cli;

import java.util.Locale;
import org.trawl.core.TrawlException;
import org.trawl.image.ImageTransform;
import org.trawl.image.OutputFormat;
import org.trawl.image.ResizeMode;
import org.trawl.image.ResizeSpec;
import org.trawl.image.codec.MaxSizeTransform;
import picocli.CommandLine.Option;

/**
 * The image options of every downloading command (img2dataset's resize_mode, image_size, output format and
 * quality): how each JPEG/PNG is resized, cropped or padded, and what it is stored as. Part of
 * {@link OutputMixin}, and of `m3 images` (which has its own OUTPUT_DIR and so not that mixin).
 */
public class ResizeOptions {
    @Option(
            names = {"--max-size", "--resize"},
            paramLabel = "PX",
            description = "Resize each JPEG/PNG by --resize-mode (default longest: the longest side at most PX), "
                    + "and turn it upright by its EXIF orientation. Never enlarges (other image formats, and "
                    + "sound and video, are kept as served).")
    Integer size;

    @Option(
            names = "--resize-mode",
            paramLabel = "MODE",
            description = "How PX applies: longest (longest side at most PX), shortest (shortest side at most PX), "
                    + "center-crop (shortest, then the centred PX x PX), pad (longest, then centred on a PX x PX "
                    + "canvas of --pad-color), none (no resize; with --image-format only re-encode). Default: longest.")
    String mode;

    @Option(
            names = "--pad-color",
            paramLabel = "COLOR",
            defaultValue = "black",
            description =
                    "The border colour of --resize-mode pad: #rrggbb, black or white (default: ${DEFAULT-VALUE}).")
    String padColor;

    @Option(
            names = "--image-format",
            paramLabel = "FMT",
            defaultValue = "keep",
            description = "What a JPEG/PNG is stored as: keep, jpg (alpha flattened onto white) or png "
                    + "(default: ${DEFAULT-VALUE}). An image in the other format is converted even when not resized.")
    String format;

    @Option(
            names = "--quality",
            paramLabel = "Q",
            defaultValue = "90",
            description = "JPEG quality of a re-encoded image, 1..100 (default: ${DEFAULT-VALUE}).")
    int quality;

    @Option(
            names = "--chroma",
            paramLabel = "420|444",
            defaultValue = "420",
            description = "JPEG chroma subsampling of a re-encoded image: 420 (half resolution colour, smaller) "
                    + "or 444 (full resolution: keeps the colour of small text and thin lines) "
                    + "(default: ${DEFAULT-VALUE}).")
    String chroma;

    /** The rewrite these options ask for, or null when none; a bad value is a usage error. */
    ImageTransform transform() {
        ResizeSpec spec = spec();
        return spec == null ? null : new MaxSizeTransform(spec);
    }

    /** The options as one spec, or null when they ask for no rewrite. */
    ResizeSpec spec() {
        if (size != null && size < 1) {
            throw TrawlException.usage("--max-size must be a positive number of pixels, not " + size);
        }
        ResizeMode m = mode == null ? null : ResizeMode.parse(mode);
        if (mode != null && m == null) {
            throw TrawlException.usage(
                    "--resize-mode must be longest, shortest, center-crop, pad or none, not '" + mode + "'");
        }
        OutputFormat f = OutputFormat.parse(format);
        if (f == null) {
            throw TrawlException.usage("--image-format must be keep, jpg or png, not '" + format + "'");
        }
        if (quality < 1 || quality > 100) {
            throw TrawlException.usage("--quality must be 1..100, not " + quality);
        }
        if (!"420".equals(chroma) && !"444".equals(chroma)) {
            throw TrawlException.usage("--chroma must be 420 or 444, not '" + chroma + "'");
        }
        int rgb = padRgb(padColor);
        if (m == null) {
            m = size == null ? ResizeMode.NONE : ResizeMode.LONGEST;
        }
        if (m != ResizeMode.NONE && size == null) {
            throw TrawlException.usage("--resize-mode " + m.cliName() + " needs --resize PX (or --max-size PX)");
        }
        if (m == ResizeMode.NONE && f == OutputFormat.KEEP) {
            return null;
        }
        return new ResizeSpec(m, m == ResizeMode.NONE ? 0 : size, rgb, f, quality, "444".equals(chroma));
    }

    /** #rrggbb (or rrggbb, #rgb), black or white, as 0xRRGGBB. */
    static int padRgb(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "black":
                return 0x000000;
            case "white":
                return 0xFFFFFF;
            default:
                break;
        }
        String hex = t.startsWith("#") ? t.substring(1) : t;
        if (hex.length() == 3 && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            hex = "" + hex.charAt(0) + hex.charAt(0) + hex.charAt(1) + hex.charAt(1) + hex.charAt(2) + hex.charAt(2);
        }
        if (hex.length() != 6 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw TrawlException.usage("--pad-color must be #rrggbb, black or white, not '" + s + "'");
        }
        return Integer.parseInt(hex, 16);
    }
}
