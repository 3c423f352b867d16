package org.trawl.media;

import java.util.Optional;

/** Video containers by their first bytes: MP4/MOV (and M4A, told apart here), WebM/Matroska, AVI, MPEG-TS. */
final class VideoSniffer {
    static final int TS_PACKET = 188;

    private VideoSniffer() {}

    static Optional<MediaFormat> sniff(Head h) {
        if (IsoBmff.isFtyp(h) || IsoBmff.isBareQuickTime(h)) {
            return Optional.of(IsoBmff.format(h));
        }
        if (h.at(0, 0x1A, 0x45, 0xDF, 0xA3)) {
            return Optional.of(matroska(h));
        }
        if (h.at(0, "RIFF") && h.at(8, "AVI ")) {
            return Optional.of(MediaFormat.AVI);
        }
        if (isTransportStream(h)) {
            return Optional.of(MediaFormat.MPEG_TS);
        }
        return Optional.empty();
    }

    /**
     * The EBML header's DocType (element 0x4282) says webm or matroska; it sits within the header's first
     * few dozen bytes. Without one, the default DocType is matroska.
     */
    private static MediaFormat matroska(Head h) {
        for (int i = 4; i + 3 < Math.min(h.n, 64); i++) {
            if (h.u8(i) == 0x42 && h.u8(i + 1) == 0x82 && (h.u8(i + 2) & 0x80) != 0) {
                String docType = h.ascii(i + 3, h.u8(i + 2) & 0x7F);
                return docType.startsWith("webm") ? MediaFormat.WEBM : MediaFormat.MKV;
            }
        }
        return MediaFormat.MKV;
    }

    /** The sync byte 0x47 at the start of every 188-byte packet the head holds, at least two of them. */
    private static boolean isTransportStream(Head h) {
        if (h.n < 2 * TS_PACKET) {
            return false;
        }
        for (int off = 0; off < h.n; off += TS_PACKET) {
            if (h.u8(off) != 0x47) {
                return false;
            }
        }
        return true;
    }
}
