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
import org.trawl.image.OutputFormat;
import org.trawl.image.ResizeMode;
import org.trawl.image.ResizeSpec;

/**
 * {@code --resize PX} ({@code --max-size PX}), {@code --resize-mode}, {@code --image-format}: downscales a
 * JPEG or PNG as its {@link ResizeMode} says, crops or pads it, turns it upright by its EXIF orientation and
 * writes it as JPEG ({@link ResizeSpec#quality}, 4:2:0 or 4:4:4; alpha flattened onto white) or PNG.
 * Never enlarges: an image already within PX keeps its size (a pad canvas is still PX x PX; a centre crop
 * of an image smaller than PX keeps what there is). An image the spec would not change (size, upright,
 * format) is not touched (byte-identical). Other formats, and images this codec cannot decode (12-bit or
 * arithmetic-coded JPEG, corrupt data), are left as served with a note saying why. A CMYK/YCCK JPEG is
 * re-encoded as RGB.
 *
 * <p>Memory: a baseline JPEG or a plain PNG is streamed through the downscaler, so a 6000x4000
 * JPEG to 512 px needs about 1 MB beyond the output image; a progressive JPEG holds its
 * coefficients (2 bytes a sample: 72 MB for 6000x4000 at 4:2:0), an interlaced PNG its pixels.
 * Re-encoding drops the EXIF block (its orientation is now in the pixels) and keeps an ICC profile.
 */
public final class MaxSizeTransform implements ImageTransform {
    public static final int DEFAULT_QUALITY = ResizeSpec.DEFAULT_QUALITY;

    private final ResizeSpec spec;

    public MaxSizeTransform(ResizeSpec spec) {
        if (spec.mode() != ResizeMode.NONE && spec.size() < 1) {
            throw new IllegalArgumentException("resize size must be positive");
        }
        this.spec = spec;
    }

    /** @param maxSize longest side in pixels; {@link Integer#MAX_VALUE} = only apply the orientation */
    public MaxSizeTransform(int maxSize, int quality) {
        this(new ResizeSpec(ResizeMode.LONGEST, maxSize, 0, OutputFormat.KEEP, quality, false));
        if (maxSize < 1) {
            throw new IllegalArgumentException("max size must be positive");
        }
    }

    public MaxSizeTransform(int maxSize) {
        this(maxSize, DEFAULT_QUALITY);
    }

    /** Only EXIF orientation, no downscale. */
    public static MaxSizeTransform orientOnly() {
        return new MaxSizeTransform(Integer.MAX_VALUE);
    }

    public int maxSize() {
        return spec.size();
    }

    public ResizeSpec spec() {
        return spec;
    }

    @Override
    public Result apply(Path part, ImageFormat format) throws IOException {
        if (format != ImageFormat.JPEG && format != ImageFormat.PNG) {
            return Result.skipped(format, "not resized: " + format.extension() + " is not supported");
        }
        ImageFormat target = spec.format().of(format);
        Path tmp = part.resolveSibling(part.getFileName() + ".resize");
        try (InputStream in = Files.newInputStream(part)) {
            Decoded d = format == ImageFormat.JPEG ? readJpeg(in, target != format) : readPng(in, target != format);
            if (d == null) {
                return Result.unchanged(format);
            }
            Raster raster = d.raster();
            if (d.orientation() != 1) {
                Limits.checkAlloc(raster.pixels().length, "rotated image");
            }
            raster = Orientation.apply(raster, d.orientation());
            Layout l = layout(raster.width(), raster.height());
            int scaledW = raster.width(), scaledH = raster.height();
            if (l.width() != scaledW || l.height() != scaledH || l.x() != 0 || l.y() != 0) {
                raster = Canvas.place(raster, l.width(), l.height(), l.x(), l.y(), spec.padRgb());
            }
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                if (target == ImageFormat.JPEG) {
                    new JpegEncoder(spec.quality(), spec.chroma444()).encode(raster, d.icc(), out);
                } else {
                    new PngEncoder().encode(raster, out);
                }
            }
            Files.move(tmp, part, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Placement p = new Placement(
                    describe(d, scaledW, scaledH, raster, format, target), scaledW, scaledH, l.x(), l.y());
            return new Result(target, d.width(), d.height(), d.orientation(), true, null, p);
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

    /** metadata.csv's {@code transform}: e.g. {@code center-crop 256: 1200x800 -> 384x256; crop 256x256; q90 4:2:0} (no comma, so the column reads plainly). */
    private String describe(Decoded d, int scaledW, int scaledH, Raster stored, ImageFormat from, ImageFormat to) {
        StringBuilder sb = new StringBuilder(spec.describe())
                .append(": ")
                .append(d.width())
                .append('x')
                .append(d.height());
        if (d.orientation() != 1) {
            sb.append(" exif ").append(d.orientation());
        }
        sb.append(" -> ").append(scaledW).append('x').append(scaledH);
        if (stored.width() != scaledW || stored.height() != scaledH) {
            sb.append(stored.width() < scaledW || stored.height() < scaledH ? "; crop " : "; pad ")
                    .append(stored.width())
                    .append('x')
                    .append(stored.height());
        }
        if (to != from) {
            sb.append("; ").append(from.extension()).append(" to ").append(to.extension());
        }
        if (to == ImageFormat.JPEG) {
            sb.append("; q").append(spec.quality()).append(spec.chroma444() ? " 4:4:4" : " 4:2:0");
        }
        return sb.toString();
    }

    /** The stored image's size and where the upright scaled picture ({@code w x h}) lies on it. */
    private record Layout(int width, int height, int x, int y) {}

    private Layout layout(int w, int h) {
        int px = spec.size();
        return switch (spec.mode()) {
            case CENTER_CROP -> {
                int cw = Math.min(px, w), ch = Math.min(px, h);
                yield new Layout(cw, ch, -((w - cw) / 2), -((h - ch) / 2));
            }
            case PAD -> {
                int cw = Math.max(px, w), ch = Math.max(px, h);
                yield new Layout(cw, ch, (cw - w) / 2, (ch - h) / 2);
            }
            default -> new Layout(w, h, 0, 0);
        };
    }

    /** The size {@code w x h} (orientation-free: every rule is symmetric in width and height) is scaled to. */
    int[] scaledSize(int w, int h) {
        return switch (spec.mode()) {
            case NONE -> new int[] {w, h};
            case LONGEST, PAD -> Downscaler.fit(w, h, spec.size());
            case SHORTEST, CENTER_CROP -> {
                int shortest = Math.min(w, h);
                if (shortest <= spec.size()) {
                    yield new int[] {w, h};
                }
                double s = (double) spec.size() / shortest;
                // the shortest side exactly PX; the other rounded, never below PX
                yield w <= h
                        ? new int[] {spec.size(), Math.max(spec.size(), Math.min(h, (int) Math.round(h * s)))}
                        : new int[] {Math.max(spec.size(), Math.min(w, (int) Math.round(w * s))), spec.size()};
            }
        };
    }

    /** Whether a {@code w x h} image with this orientation would come out as it is (no decode needed). */
    private boolean fits(int w, int h, int orientation, boolean reencode) {
        if (orientation != 1 || reencode) {
            return false;
        }
        int[] s = scaledSize(w, h);
        if (s[0] != w || s[1] != h) {
            return false;
        }
        Layout l = layout(w, h);
        return l.width() == w && l.height() == h;
    }

    /** An image as stored (its size, EXIF orientation and ICC profile) and its pixels, scaled to fit, not yet turned. */
    private record Decoded(int width, int height, int orientation, Raster raster, byte[] icc) {}

    /** The JPEG's pixels, or null when it fits as it is (no decode). */
    private Decoded readJpeg(InputStream in, boolean reencode) throws IOException {
        JpegDecoder d = new JpegDecoder(in);
        JpegDecoder.Header hd = d.readHeader();
        int w = hd.width(), h = hd.height();
        if (fits(w, h, hd.orientation(), reencode)) {
            return null;
        }
        int[] size = scaledSize(w, h);
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
    private Decoded readPng(InputStream in, boolean reencode) throws IOException {
        PngDecoder d = new PngDecoder(in);
        PngDecoder.Header hd = d.readHeader();
        int w = hd.width(), h = hd.height();
        if (fits(w, h, hd.orientation(), reencode)) {
            return null;
        }
        return new Decoded(w, h, hd.orientation(), decode(w, h, sink -> d.decode(sink)), null);
    }

    private interface Decode {
        void into(RowSink sink) throws IOException;
    }

    /** Decodes straight into the downscaler when smaller, or into a full-size raster. */
    private Raster decode(int w, int h, Decode d) throws IOException {
        int[] size = scaledSize(w, h);
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
