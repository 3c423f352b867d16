package org.trawl.image;

/**
 * Every image option of a downloading command together: the resize mode and its PX, the pad colour,
 * the output format and the JPEG settings.
 *
 * @param mode      how PX applies
 * @param size      PX; ignored with {@link ResizeMode#NONE}
 * @param padRgb    the pad colour as 0xRRGGBB
 * @param format    what a rewritten image is stored as
 * @param quality   JPEG quality 1..100
 * @param chroma444 JPEG chroma at full resolution (4:4:4) rather than 4:2:0
 */
public record ResizeSpec(ResizeMode mode, int size, int padRgb, OutputFormat format, int quality, boolean chroma444) {
    public static final int DEFAULT_QUALITY = 90;

    /** Today's {@code --max-size PX}: longest side, format kept, quality 90, 4:2:0. */
    public static ResizeSpec longest(int size) {
        return new ResizeSpec(ResizeMode.LONGEST, size, 0, OutputFormat.KEEP, DEFAULT_QUALITY, false);
    }

    /** What metadata.csv's {@code transform} column starts with, e.g. {@code center-crop 256}. */
    public String describe() {
        return mode == ResizeMode.NONE ? "none" : mode.cliName() + " " + size;
    }
}
