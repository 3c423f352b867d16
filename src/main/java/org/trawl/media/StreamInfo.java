package org.trawl.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a sound or video container's header tells without decoding: duration, sample rate and channels for
 * audio, frame size for video. Read from the file's first {@link #HEAD_BYTES} only, so each value is there
 * only when the container keeps it at the front: WAV (fmt and data chunks), FLAC (STREAMINFO), MP4/M4A
 * (mvhd, tkhd, stsd when the moov comes first), AVI (avih), MP3 and AAC (the first frame: rate and channels,
 * no duration), Ogg (the first page: rate and channels). Each is null when unknown.
 */
public record StreamInfo(Double durationSeconds, Integer sampleRate, Integer channels, Integer width, Integer height) {
    /** metadata.csv's columns for these values, in order. */
    public static final String DURATION = "duration_s", SAMPLE_RATE = "sample_rate", CHANNELS = "channels";

    /** One read at the front of the file: enough for a moov that comes first in short clips. */
    static final int HEAD_BYTES = 1 << 16;

    public static final StreamInfo NONE = new StreamInfo(null, null, null, null, null);

    /** The header's values of a file of this format (NONE for an image: its size is ImageInfo's). */
    public static StreamInfo read(Path file, MediaFormat format) throws IOException {
        if (format.family() == MediaFamily.STILL_IMAGE) {
            return NONE;
        }
        ByteBuffer b = ByteBuffer.allocate(HEAD_BYTES);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (b.hasRemaining() && ch.read(b) > 0) {
                // fill
            }
        }
        return of(new Head(b.array(), b.position()), format);
    }

    /** The header's values in the bytes at hand. */
    public static StreamInfo of(byte[] head, int length, MediaFormat format) {
        return of(new Head(head, length), format);
    }

    private static StreamInfo of(Head h, MediaFormat f) {
        if (f == MediaFormat.WAV) {
            return wav(h);
        }
        if (f == MediaFormat.FLAC) {
            return flac(h, h.at(0, "fLaC") ? 0 : Math.max(0, MpegAudio.id3Size(h)));
        }
        if (f == MediaFormat.MP3 || f == MediaFormat.AAC) {
            int off = Math.max(0, MpegAudio.id3Size(h));
            if (f == MediaFormat.AAC && MpegAudio.adtsFrameLength(h, off) > 0) {
                int ch = MpegAudio.adtsChannels(h, off);
                return new StreamInfo(null, MpegAudio.adtsSampleRate(h, off), ch > 0 ? ch : null, null, null);
            }
            if (f == MediaFormat.MP3 && MpegAudio.mpegFrameLength(h, off) > 0) {
                return new StreamInfo(
                        null, MpegAudio.mpegSampleRate(h, off), MpegAudio.mpegChannels(h, off), null, null);
            }
            return NONE; // the tag is longer than the head: the first frame is not at hand
        }
        if (f == MediaFormat.OGG_VORBIS || f == MediaFormat.OGG_OPUS) {
            return ogg(h, f);
        }
        if (f == MediaFormat.M4A || f == MediaFormat.MP4 || f == MediaFormat.MOV) {
            IsoBmff b = IsoBmff.scan(h);
            return new StreamInfo(b.duration, b.sampleRate, b.channels, b.width, b.height);
        }
        if (f == MediaFormat.AVI) {
            return avi(h);
        }
        return NONE;
    }

    /** The fmt chunk's channels, rate and byte rate; the data chunk's size over the byte rate is the duration. */
    private static StreamInfo wav(Head h) {
        Integer rate = null, channels = null;
        long byteRate = 0;
        Double duration = null;
        int pos = 12;
        while (h.has(pos, 8)) {
            String id = h.ascii(pos, 4);
            long size = h.le(pos + 4, 4);
            if (id.equals("fmt ")) {
                channels = (int) h.le(pos + 10, 2);
                rate = (int) h.le(pos + 12, 4);
                byteRate = h.le(pos + 16, 4);
            } else if (id.equals("data")) {
                // a writer that streamed the file may leave 0 or 0xFFFFFFFF here: no duration then
                if (byteRate > 0 && size > 0 && size != 0xFFFFFFFFL) {
                    duration = (double) size / byteRate;
                }
                break;
            }
            pos += 8 + size + (size & 1); // chunks are padded to an even length
            if (pos > h.n) {
                break;
            }
        }
        return new StreamInfo(
                duration,
                rate != null && rate > 0 ? rate : null,
                channels != null && channels > 0 ? channels : null,
                null,
                null);
    }

    /** STREAMINFO: 20 bits of sample rate, 3 of channels - 1, 5 of bits - 1, 36 of total samples (0: unknown). */
    private static StreamInfo flac(Head h, int off) {
        int s = off + 8 + 10; // "fLaC", the block header, min/max block and frame sizes
        if (!h.has(s, 8)) {
            return NONE;
        }
        int rate = h.u8(s) << 12 | h.u8(s + 1) << 4 | h.u8(s + 2) >> 4;
        int channels = (h.u8(s + 2) >> 1 & 7) + 1;
        long samples = (long) (h.u8(s + 3) & 0x0F) << 32 | h.be(s + 4, 4);
        Double duration = rate > 0 && samples > 0 ? (double) samples / rate : null;
        return new StreamInfo(duration, rate > 0 ? rate : null, channels, null, null);
    }

    /**
     * The identification header in the first page. Opus decodes at 48 kHz whatever the input was; the header
     * keeps the input's rate, which is what a recording was made at, so that is the one given (48000 when unset).
     */
    private static StreamInfo ogg(Head h, MediaFormat f) {
        int p = 27 + Math.max(0, h.u8(26));
        if (f == MediaFormat.OGG_VORBIS) {
            long rate = h.le(p + 12, 4);
            return new StreamInfo(
                    null, rate > 0 ? (int) rate : null, h.u8(p + 11) > 0 ? h.u8(p + 11) : null, null, null);
        }
        long rate = h.le(p + 12, 4);
        return new StreamInfo(null, rate > 0 ? (int) rate : 48000, h.u8(p + 9) > 0 ? h.u8(p + 9) : null, null, null);
    }

    /** RIFF AVI's main header (avih) at its usual place: microseconds per frame, total frames, width, height. */
    private static StreamInfo avi(Head h) {
        if (!h.at(12, "LIST") || !h.at(20, "hdrl") || !h.at(24, "avih")) {
            return NONE;
        }
        int a = 32;
        long usPerFrame = h.le(a, 4), frames = h.le(a + 16, 4), w = h.le(a + 32, 4), hh = h.le(a + 36, 4);
        Double duration = usPerFrame > 0 && frames > 0 ? frames * usPerFrame / 1e6 : null;
        return new StreamInfo(duration, null, null, w > 0 ? (int) w : null, hh > 0 ? (int) hh : null);
    }

    /** The values as metadata.csv fields (duration in seconds to the millisecond); unknown ones left out. */
    public Map<String, String> fields() {
        Map<String, String> m = new LinkedHashMap<>();
        if (durationSeconds != null) {
            m.put(DURATION, String.format(Locale.ROOT, "%.3f", durationSeconds));
        }
        if (sampleRate != null) {
            m.put(SAMPLE_RATE, sampleRate.toString());
        }
        if (channels != null) {
            m.put(CHANNELS, channels.toString());
        }
        return m;
    }
}
