package org.trawl.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.trawl.image.codec.DecodeException;
import org.trawl.image.codec.Downscaler;
import org.trawl.image.codec.JpegDecoder;
import org.trawl.image.codec.JpegEncoder;
import org.trawl.image.codec.PngDecoder;
import org.trawl.image.codec.Raster;

/**
 * A small JPEG of an image on disk, as a {@code data:} URI for the report, made with trawl's own codec (AWT
 * is not in the native executable). A large JPEG is decoded at 1/8 (DC terms only), so a thumbnail costs a
 * fraction of a full decode.
 */
final class Thumbnail {
    /** Longest side of a thumbnail, in pixels. */
    static final int SIDE = 112;

    /** Larger PNGs are not decoded for a thumbnail: PNG has no cheap reduced decode. */
    static final long MAX_PNG_BYTES = 8L << 20;

    private Thumbnail() {}

    /** The data URI, or null when the file is missing, not JPEG/PNG, or does not decode. */
    static String dataUri(Path file) {
        try {
            Raster r = decode(file);
            if (r == null) {
                return null;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            new JpegEncoder(70).encode(rgbOrGray(r), null, bytes);
            return "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(bytes.toByteArray());
        } catch (IOException | RuntimeException e) {
            return null; // the report shows a blank tile: a damaged file is failures.csv's business
        }
    }

    private static Raster decode(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        byte[] head = new byte[8];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, 8) < 8) {
                return null;
            }
        }
        if ((head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xD8) {
            int w, h;
            try (InputStream in = Files.newInputStream(file)) {
                JpegDecoder.Header hd = new JpegDecoder(in).readHeader();
                w = hd.width();
                h = hd.height();
            }
            int denom = Math.max(w, h) >= SIDE * 8 ? 8 : 1;
            int sw = (w + denom - 1) / denom, sh = (h + denom - 1) / denom;
            int[] size = Downscaler.fit(sw, sh, SIDE);
            Downscaler d = new Downscaler(size[0], size[1]);
            try (InputStream in = Files.newInputStream(file)) {
                new JpegDecoder(in).decode(d, denom);
            }
            return d.raster();
        }
        if ((head[0] & 0xff) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') {
            if (Files.size(file) > MAX_PNG_BYTES) {
                return null;
            }
            int w, h;
            try (InputStream in = Files.newInputStream(file)) {
                PngDecoder.Header hd = new PngDecoder(in).readHeader();
                w = hd.width();
                h = hd.height();
            }
            int[] size = Downscaler.fit(w, h, SIDE);
            Downscaler d = new Downscaler(size[0], size[1]);
            try (InputStream in = Files.newInputStream(file)) {
                new PngDecoder(in).decode(d);
            } catch (DecodeException e) {
                return null;
            }
            return d.raster();
        }
        return null;
    }

    /** The encoder takes gray or RGB: alpha is dropped (thumbnails sit on a light background). */
    private static Raster rgbOrGray(Raster r) {
        if (r.channels() == 1 || r.channels() == 3) {
            return r;
        }
        int keep = r.channels() == 2 ? 1 : 3;
        byte[] px = new byte[r.width() * r.height() * keep];
        for (int i = 0, j = 0; j < px.length; i += r.channels()) {
            for (int c = 0; c < keep; c++) {
                px[j++] = r.pixels()[i + c];
            }
        }
        return new Raster(r.width(), r.height(), keep, px);
    }
}
