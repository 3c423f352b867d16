package org.trawl.image.codec;

import java.io.IOException;
import java.nio.file.Path;
import org.trawl.image.ImageFormat;
import org.trawl.image.ImageRejected;
import org.trawl.image.ImageTransform;

/**
 * gbifxdl's post-download check as a transform: every image is fully decoded before it is renamed
 * into place. One that does not decode fails the item (permanently: the bytes were served whole, a
 * retry would fetch the same damage), so the engine discards the part and never records it as done;
 * checkpoint, metadata.csv and the disk stay consistent. A format the codec cannot decode (webp, gif,
 * tiff, a rare JPEG variant) passes, with a note in the item's metadata.
 */
public final class DecodeCheck implements ImageTransform {
    /** Prefix of the failure reason in failures.csv. */
    public static final String FAILURE = "does not decode: ";

    @Override
    public Result apply(Path part, ImageFormat format) throws IOException {
        Codec.Check c = Codec.decodes(part);
        if (c.ok()) {
            return Result.unchanged(format);
        }
        if (!c.supported()) {
            return Result.skipped(format, "decode check skipped: " + c.reason());
        }
        throw new ImageRejected(FAILURE + c.reason());
    }
}
