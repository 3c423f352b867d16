package org.trawl.image.codec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.trawl.image.ImageFormat;

/** Entry points of the codec that do not rewrite anything. */
public final class Codec {
    private Codec() {}

    /**
     * The outcome of a full decode.
     *
     * @param ok        the image decoded completely
     * @param supported false when the format (or variant) is one this codec cannot decode, so {@code ok} says nothing
     * @param reason    why not, or null when ok
     */
    public record Check(boolean ok, boolean supported, String reason) {}

    /** Fully decodes a JPEG or PNG (every pixel, every CRC) to tell a whole image from a damaged one. */
    public static Check decodes(Path file) throws IOException {
        Optional<ImageFormat> format = sniff(file);
        if (format.isEmpty()) {
            return new Check(false, true, "not an image");
        }
        if (format.get() != ImageFormat.JPEG && format.get() != ImageFormat.PNG) {
            return new Check(false, false, format.get().extension() + " is not supported");
        }
        RowSink discard = new RowSink() {
            @Override
            public void begin(int width, int height, int channels) {}

            @Override
            public void row(byte[] row, int y) {}
        };
        try (InputStream in = Files.newInputStream(file)) {
            if (format.get() == ImageFormat.JPEG) {
                new JpegDecoder(in).decode(discard);
            } else {
                new PngDecoder(in).decode(discard);
            }
            return new Check(true, true, null);
        } catch (DecodeException e) {
            return new Check(false, !e.unsupported(), e.getMessage());
        } catch (RuntimeException e) {
            return new Check(false, true, "corrupt image (" + e.getClass().getSimpleName() + ")");
        } catch (OutOfMemoryError e) {
            return new Check(false, false, "not enough memory to decode");
        }
    }

    static Optional<ImageFormat> sniff(Path file) throws IOException {
        byte[] head = new byte[ImageFormat.SNIFF_BYTES];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        return ImageFormat.sniff(head, n);
    }
}
