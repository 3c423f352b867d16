package org.trawl.image.codec;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.trawl.image.ImageFormat;
import org.trawl.image.ImageTransform;

/**
 * {@code --max-size PX}: downscales a JPEG or PNG so its longest side is at most PX and turns it
 * upright by its EXIF orientation; JPEG stays JPEG (re-encoded at {@link #quality}), PNG stays PNG.
 * An image already within PX and upright is not touched (byte-identical). Other formats, and images
 * this codec cannot decode (12-bit or arithmetic-coded JPEG, corrupt data), are left as served with
 * a note saying why. A CMYK/YCCK JPEG is re-encoded as RGB.
 *
 * <p>Memory: a baseline JPEG or a plain PNG is streamed through the downscaler, so a 6000x4000
 * JPEG to 512 px needs about 1 MB beyond the output image; a progressive JPEG holds its
 * coefficients (2 bytes a sample: 72 MB for 6000x4000 at 4:2:0), an interlaced PNG its pixels.
 * Re-encoding drops the EXIF block (its orientation is now in the pixels) and keeps an ICC profile.
 */
public final class MaxSizeTransform implements ImageTransform {
    public static final int DEFAULT_QUALITY = 90;

    private final int maxSize;
    private final int quality;

    /** @param maxSize longest side in pixels; {@link Integer#MAX_VALUE} = only apply the orientation */
    public MaxSizeTransform(int maxSize, int quality) {
        if (maxSize < 1) {
            throw new IllegalArgumentException("max size must be positive");
        }
        this.maxSize = maxSize;
        this.quality = quality;
    }

    public MaxSizeTransform(int maxSize) {
        this(maxSize, DEFAULT_QUALITY);
    }

    /** Only EXIF orientation, no downscale. */
    public static MaxSizeTransform orientOnly() {
        return new MaxSizeTransform(Integer.MAX_VALUE);
    }

    public int maxSize() {
        return maxSize;
    }

    @Override
    public Result apply(Path part, ImageFormat format) throws IOException {
        if (format != ImageFormat.JPEG && format != ImageFormat.PNG) {
            return Result.skipped(format, "not resized: " + format.extension() + " is not supported");
        }
        Path tmp = part.resolveSibling(part.getFileName() + ".resize");
        try (InputStream in = Files.newInputStream(part)) {
            Decoded d = format == ImageFormat.JPEG ? readJpeg(in) : readPng(in);
            if (d == null) {
                return Result.unchanged(format);
            }
            Raster raster = d.raster();
            if (d.orientation() != 1) {
                Limits.checkAlloc(raster.pixels().length, "rotated image");
            }
            raster = Orientation.apply(raster, d.orientation());
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                if (format == ImageFormat.JPEG) {
                    new JpegEncoder(quality).encode(raster, d.icc(), out);
                } else {
                    new PngEncoder().encode(raster, out);
                }
            }
            Files.move(tmp, part, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new Result(format, d.width(), d.height(), d.orientation(), true);
        } catch (DecodeException e) {
            return Result.skipped(format, "not resized: " + e.getMessage());
        } catch (RuntimeException e) {
            // a decoder bug or data no check anticipated: keep the image as served rather than lose the item
            return Result.skipped(
                    format, "not resized: cannot decode (" + e.getClass().getSimpleName() + ")");
        } catch (OutOfMemoryError e) {
            // one large array did not fit although the guard let it through (other workers allocated
            // meanwhile); it is garbage now, so the run can go on with this image as served
            return Result.skipped(format, "not resized: not enough memory");
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** An image as stored (its size, EXIF orientation and ICC profile) and its pixels, scaled to fit, not yet turned. */
    private record Decoded(int width, int height, int orientation, Raster raster, byte[] icc) {}

    /** The JPEG's pixels, or null when it fits as it is (no decode). */
    private Decoded readJpeg(InputStream in) throws IOException {
        JpegDecoder d = new JpegDecoder(in);
        JpegDecoder.Header hd = d.readHeader();
        int w = hd.width(), h = hd.height();
        if (fits(w, h, hd.orientation())) {
            return null;
        }
        int[] size = Downscaler.fit(w, h, maxSize);
        int denom = scaleDenominator(w, h, size[0], size[1]);
        Raster raster;
        if (denom > 1) {
            Downscaler s = new Downscaler(size[0], size[1]);
            d.decode(s, denom);
            raster = s.raster();
        } else {
            raster = decode(w, h, sink -> d.decode(sink));
        }
        // a CMYK profile does not describe the RGB pixels it would be copied beside
        return new Decoded(w, h, hd.orientation(), raster, hd.components() == 4 ? null : hd.icc());
    }

    /**
     * The largest DCT scaling (1/8, 1/4, 1/2, else 1) that still leaves the area-average resample
     * at least a 2x reduction on both axes, like Pillow's reducing_gap=2 and libvips' shrink-on-load.
     * Scaling right down to the target (800 to 96 px: 1/8, then 1.04x) would leave the resampler
     * nothing to average, and every output pixel would be one 8x8 block mean, chroma 16x16: blurred
     * and its colour smeared.
     */
    static int scaleDenominator(int w, int h, int targetW, int targetH) {
        for (int denom = 8; denom > 1; denom /= 2) {
            if ((long) targetW * denom * 2 <= w && (long) targetH * denom * 2 <= h) {
                return denom;
            }
        }
        return 1;
    }

    /** The PNG's pixels, or null when it fits as it is (no decode). */
    private Decoded readPng(InputStream in) throws IOException {
        PngDecoder d = new PngDecoder(in);
        PngDecoder.Header hd = d.readHeader();
        int w = hd.width(), h = hd.height();
        if (fits(w, h, hd.orientation())) {
            return null;
        }
        return new Decoded(w, h, hd.orientation(), decode(w, h, sink -> d.decode(sink)), null);
    }

    private boolean fits(int w, int h, int orientation) {
        return Math.max(w, h) <= maxSize && orientation == 1;
    }

    private interface Decode {
        void into(RowSink sink) throws IOException;
    }

    /** Decodes straight into the downscaler when smaller, or into a full-size raster. */
    private Raster decode(int w, int h, Decode d) throws IOException {
        int[] size = Downscaler.fit(w, h, maxSize);
        if (size[0] == w && size[1] == h) {
            Raster.Collector c = new Raster.Collector();
            d.into(c);
            return c.raster();
        }
        Downscaler s = new Downscaler(size[0], size[1]);
        d.into(s);
        return s.raster();
    }
}
