package org.trawl.image;

import java.util.Locale;

/**
 * How {@code --resize PX} (short form {@code --max-size PX}) shapes an image; img2dataset's keep_ratio,
 * center_crop, border and no, plus the shortest-side fit torchvision's {@code Resize(int)} does. None
 * enlarges an image: a pad or crop canvas is built around the image at the size it has.
 */
public enum ResizeMode {
    /** The longest side becomes at most PX, aspect kept (today's --max-size). */
    LONGEST,
    /** The shortest side becomes at most PX, aspect kept. */
    SHORTEST,
    /** {@link #SHORTEST}, then the centred PX x PX (or smaller, if the image is smaller) is kept. */
    CENTER_CROP,
    /** {@link #LONGEST}, then centred on a PX x PX canvas of the pad colour. */
    PAD,
    /** No resize (only a re-encode with --image-format, and the EXIF orientation then). */
    NONE;

    /** The command-line name: {@code center-crop}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The mode named {@code s} on the command line, or null. */
    public static ResizeMode parse(String s) {
        for (ResizeMode m : values()) {
            if (m.cliName().equalsIgnoreCase(s.trim())) {
                return m;
            }
        }
        return null;
    }
}
