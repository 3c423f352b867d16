package org.trawl.image.codec;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.trawl.image.ImageFormat;
import org.trawl.image.ImageTransform;

/**
 * A width limit ({@code trawl iiif -w PX} for an image the server cannot scale): an image wider than
 * PX (upright width, after its EXIF orientation) is downscaled to PX wide by {@link MaxSizeTransform},
 * keeping its aspect ratio and format; one within PX is not touched, so an image a IIIF server already
 * scaled costs a header read only. Never upscales.
 */
public final class MaxWidthTransform implements ImageTransform {
    private final int maxWidth;
    private final int quality;

    public MaxWidthTransform(int maxWidth, int quality) {
        if (maxWidth < 1) {
            throw new IllegalArgumentException("max width must be positive");
        }
        this.maxWidth = maxWidth;
        this.quality = quality;
    }

    public MaxWidthTransform(int maxWidth) {
        this(maxWidth, MaxSizeTransform.DEFAULT_QUALITY);
    }

    @Override
    public Result apply(Path part, ImageFormat format) throws IOException {
        if (format != ImageFormat.JPEG && format != ImageFormat.PNG) {
            return Result.skipped(format, "not resized: " + format.extension() + " is not supported");
        }
        int w;
        int h;
        int orientation;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(part), 1 << 14)) {
            if (format == ImageFormat.JPEG) {
                JpegDecoder.Header hd = new JpegDecoder(in).readHeader();
                w = hd.width();
                h = hd.height();
                orientation = hd.orientation();
            } else {
                PngDecoder.Header hd = new PngDecoder(in).readHeader();
                w = hd.width();
                h = hd.height();
                orientation = hd.orientation();
            }
        } catch (DecodeException | RuntimeException e) {
            return Result.skipped(format, "not resized: cannot read its header");
        }
        int uprightW = orientation >= 5 ? h : w;
        int uprightH = orientation >= 5 ? w : h;
        if (uprightW <= maxWidth) {
            return Result.unchanged(format);
        }
        return new MaxSizeTransform(longestSideFor(uprightW, uprightH, maxWidth), quality).apply(part, format);
    }

    /**
     * The longest-side limit that makes a {@code w x h} image at most {@code maxWidth} wide, as wide
     * as it can be (rounding in {@link Downscaler#fit} may otherwise overshoot by a pixel).
     */
    static int longestSideFor(int w, int h, int maxWidth) {
        int side = Math.max(1, (int) Math.ceil((double) Math.max(w, h) * maxWidth / w));
        while (side > 1 && Downscaler.fit(w, h, side)[0] > maxWidth) {
            side--;
        }
        return side;
    }
}
