package org.trawl.media;

import java.util.Optional;
import org.trawl.image.ImageFormat;

/**
 * Which container a body is, from its first bytes (never from its Content-Type, which servers get wrong: an
 * error page comes as audio/mpeg as easily as image/jpeg). Images are {@link ImageFormat}'s; sound and video
 * are recognised here.
 */
public final class MediaSniffer {
    /**
     * Bytes of the head wanted before a body is judged: an MPEG audio frame is checked against the next one
     * (frames are up to ~2.9 KB), and an MPEG-TS body by the sync bytes of the packets in it.
     */
    public static final int SNIFF_BYTES = 4096;

    private MediaSniffer() {}

    /** The container of a body starting with head[0..length); empty when it is none trawl knows. */
    public static Optional<MediaFormat> sniff(byte[] head, int length) {
        Optional<ImageFormat> image = ImageFormat.sniff(head, length);
        if (image.isPresent()) {
            return image.map(MediaFormat::of);
        }
        Head h = new Head(head, length);
        // gzip's magic and method 8 (deflate), the reserved flag bits clear: never decoded here, see TarGzCheck
        if (h.at(0, 0x1F, 0x8B, 0x08) && (h.u8(3) & 0xE0) == 0) {
            return Optional.of(MediaFormat.TAR_GZ);
        }
        Optional<MediaFormat> audio = AudioSniffer.sniff(h);
        return audio.isPresent() ? audio : VideoSniffer.sniff(h);
    }

    /**
     * A short description of a body for a refusal: "WAV audio", "MP4 video", "JPEG image", or what
     * {@link ImageFormat#describeNonImage} says of content that is no media ("HTML page", "JSON document").
     */
    public static String describe(byte[] head, int length) {
        return sniff(head, length)
                .map(MediaFormat::describe)
                .orElseGet(() -> ImageFormat.describeNonImage(head, length));
    }
}
