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
     * This transform, then {@code next} on its output (e.g. a source's own rewrite, then --max-size).
     * The combined result keeps the size as served (the first one recorded) and the first orientation
     * applied; it is changed if either changed the file.
     */
    default ImageTransform andThen(ImageTransform next) {
        if (next == null) {
            return this;
        }
        return (part, format) -> {
            Result a = apply(part, format);
            Result b = next.apply(part, a.changed() ? a.format() : format);
            if (!a.changed()) {
                return a.note() == null || b.changed() ? b : a;
            }
            if (!b.changed()) {
                return b.note() == null
                        ? a
                        : new Result(a.format(), a.sourceWidth(), a.sourceHeight(), a.orientation(), true, b.note());
            }
            return new Result(
                    b.format(),
                    a.sourceWidth() > 0 ? a.sourceWidth() : b.sourceWidth(),
                    a.sourceWidth() > 0 ? a.sourceHeight() : b.sourceHeight(),
                    a.orientation() != 1 ? a.orientation() : b.orientation(),
                    true,
                    null,
                    b.placement());
        };
    }

    /**
     * What the transform did.
     *
     * @param format       the format of the file now at {@code part}
     * @param sourceWidth  the width of the image as served (before the transform), or -1
     * @param sourceHeight the height as served, or -1
     * @param orientation  the EXIF orientation that was applied to the pixels (1 = none)
     * @param changed      whether the file was rewritten
     * @param note         why the image was left as served although the transform wanted to change it
     *                     (an unsupported or corrupt image), or null; recorded in the item's metadata
     * @param placement    where the resized picture lies in the stored image (a crop or pad moves it), or null
     */
    record Result(
            ImageFormat format,
            int sourceWidth,
            int sourceHeight,
            int orientation,
            boolean changed,
            String note,
            Placement placement) {
        public Result(
                ImageFormat format, int sourceWidth, int sourceHeight, int orientation, boolean changed, String note) {
            this(format, sourceWidth, sourceHeight, orientation, changed, note, null);
        }

        public Result(ImageFormat format, int sourceWidth, int sourceHeight, int orientation, boolean changed) {
            this(format, sourceWidth, sourceHeight, orientation, changed, null);
        }

        public static Result unchanged(ImageFormat format) {
            return new Result(format, -1, -1, 1, false);
        }

        /** Left as served, with the reason (e.g. "webp is not supported"). */
        public static Result skipped(ImageFormat format, String note) {
            return new Result(format, -1, -1, 1, false, note);
        }
    }

    /**
     * What a resize did, for metadata.csv and for the boxes: the upright image as served was scaled to
     * {@code scaledWidth x scaledHeight} and placed at ({@code offsetX}, {@code offsetY}) in the stored image
     * (negative when a crop cut its left/top; positive when a pad put a border there).
     *
     * @param operation what was done, e.g. {@code center-crop 256: 1200x800 -> 384x256; crop 256x256; q90 4:2:0}
     */
    record Placement(String operation, int scaledWidth, int scaledHeight, int offsetX, int offsetY) {}
}
