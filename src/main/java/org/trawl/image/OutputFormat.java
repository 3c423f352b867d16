package org.trawl.image;

import java.util.Locale;

/** {@code --image-format}: what a rewritten image is stored as. */
public enum OutputFormat {
    /** JPEG stays JPEG, PNG stays PNG. */
    KEEP,
    /** Every rewritten image becomes a JPEG (alpha flattened onto white). */
    JPG,
    /** Every rewritten image becomes a PNG (lossless, alpha kept). */
    PNG;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format named {@code s} ({@code jpeg} too), or null. */
    public static OutputFormat parse(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "keep" -> KEEP;
            case "jpg", "jpeg" -> JPG;
            case "png" -> PNG;
            default -> null;
        };
    }

    /** The format a {@code served} JPEG or PNG is written as. */
    public ImageFormat of(ImageFormat served) {
        return switch (this) {
            case KEEP -> served;
            case JPG -> ImageFormat.JPEG;
            case PNG -> ImageFormat.PNG;
        };
    }
}
