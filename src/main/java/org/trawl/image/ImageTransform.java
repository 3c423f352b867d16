package org.trawl.image;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A rewrite of a downloaded image before it is renamed into place (downscale, EXIF orientation,
 * re-encode). Runs on a worker thread, after the body was validated; it must write atomically
 * (to a temporary file, then over {@code part}) so a crash never leaves half an image.
 */
@FunctionalInterface
public interface ImageTransform {

    /**
     * @param part   the validated body, rewritten in place if the transform changes it
     * @param format the format sniffed from its magic bytes
     */
    Result apply(Path part, ImageFormat format) throws IOException;

    /**
     * What the transform did.
     *
     * @param format       the format of the file now at {@code part}
     * @param sourceWidth  the width of the image as served (before the transform), or -1
     * @param sourceHeight the height as served, or -1
     * @param orientation  the EXIF orientation that was applied to the pixels (1 = none)
     * @param changed      whether the file was rewritten
     */
    record Result(ImageFormat format, int sourceWidth, int sourceHeight, int orientation, boolean changed) {
        public static Result unchanged(ImageFormat format) {
            return new Result(format, -1, -1, 1, false);
        }
    }
}
