package org.trawl.media;

import java.util.Optional;

/** Audio containers by their first bytes: WAV, MP3, FLAC, Ogg (Vorbis, Opus), AAC ADTS. M4A is {@link IsoBmff}'s. */
final class AudioSniffer {
    private AudioSniffer() {}

    static Optional<MediaFormat> sniff(Head h) {
        if ((h.at(0, "RIFF") || h.at(0, "RF64")) && h.at(8, "WAVE")) {
            return Optional.of(MediaFormat.WAV);
        }
        if (isFlac(h, 0)) {
            return Optional.of(MediaFormat.FLAC);
        }
        if (h.at(0, "OggS") && h.u8(4) == 0) {
            return Optional.of(ogg(h));
        }
        int id3 = MpegAudio.id3Size(h);
        if (id3 > 0) {
            // an ID3v2 tag is how MP3s start; a few FLAC and AAC files carry one too, which the frame after it shows
            if (isFlac(h, id3)) {
                return Optional.of(MediaFormat.FLAC);
            }
            return Optional.of(MpegAudio.adtsAt(h, id3) ? MediaFormat.AAC : MediaFormat.MP3);
        }
        if (MpegAudio.adtsAt(h, 0)) {
            return Optional.of(MediaFormat.AAC);
        }
        if (MpegAudio.mpegAt(h, 0)) {
            return Optional.of(MediaFormat.MP3);
        }
        return Optional.empty();
    }

    /** "fLaC" then a STREAMINFO block (type 0, 34 bytes), which the format puts first. */
    private static boolean isFlac(Head h, int off) {
        return h.at(off, "fLaC") && (h.u8(off + 4) & 0x7F) == 0 && h.be(off + 5, 3) == 34;
    }

    /** The codec of the first logical stream, from the first packet of the first page. */
    private static MediaFormat ogg(Head h) {
        int packet = 27 + Math.max(0, h.u8(26));
        if (h.at(packet, 1, 'v', 'o', 'r', 'b', 'i', 's')) {
            return MediaFormat.OGG_VORBIS;
        }
        if (h.at(packet, "OpusHead")) {
            return MediaFormat.OGG_OPUS;
        }
        if (h.at(packet, 0x80, 't', 'h', 'e', 'o', 'r', 'a')) {
            return MediaFormat.OGG_THEORA;
        }
        return MediaFormat.OGG; // FLAC, Speex or another codec in Ogg: audio is what Ogg holds in practice
    }
}
