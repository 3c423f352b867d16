package org.trawl.media;

/**
 * MPEG audio (MP1/2/3) and AAC ADTS frame headers. Both start with a sync of 11 or 12 set bits, which four
 * random bytes can match; so where the head holds the next frame too, a header counts only when the next
 * frame's sync sits exactly where the first frame's length says it ends.
 */
final class MpegAudio {
    private static final int[][] MPEG_RATES = {{11025, 12000, 8000}, null, {22050, 24000, 16000}, {44100, 48000, 32000}
    };
    private static final int[] V1_L1 = {0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448};
    private static final int[] V1_L2 = {0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384};
    private static final int[] V1_L3 = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
    private static final int[] V2_L1 = {0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256};
    private static final int[] V2_L23 = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160};
    static final int[] ADTS_RATES = {
        96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350
    };

    private MpegAudio() {}

    /** The length in bytes of the MPEG audio frame whose header is at off, or -1 if there is none. */
    static int mpegFrameLength(Head h, int off) {
        if (h.u8(off) != 0xFF || (h.u8(off + 1) & 0xE0) != 0xE0 || !h.has(off, 4)) {
            return -1;
        }
        int version = h.u8(off + 1) >> 3 & 3, layer = h.u8(off + 1) >> 1 & 3;
        int bitrateIndex = h.u8(off + 2) >> 4, rateIndex = h.u8(off + 2) >> 2 & 3, padding = h.u8(off + 2) >> 1 & 1;
        if (version == 1 || layer == 0 || bitrateIndex == 0 || bitrateIndex == 15 || rateIndex == 3) {
            return -1; // reserved values, or free format (no length to check the next frame with)
        }
        int rate = MPEG_RATES[version][rateIndex];
        boolean v1 = version == 3;
        int kbps = switch (layer) {
            case 3 -> (v1 ? V1_L1 : V2_L1)[bitrateIndex];
            case 2 -> (v1 ? V1_L2 : V2_L23)[bitrateIndex];
            default -> (v1 ? V1_L3 : V2_L23)[bitrateIndex];
        };
        if (layer == 3) {
            return (12 * kbps * 1000 / rate + padding) * 4;
        }
        int perFrame = layer == 1 && !v1 ? 72 : 144; // Layer III of MPEG-2/2.5 has half the samples a frame
        return perFrame * kbps * 1000 / rate + padding;
    }

    /** A frame at off whose successor, when the head holds it, is where its length says. */
    static boolean mpegAt(Head h, int off) {
        int len = mpegFrameLength(h, off);
        return len > 4 && (!h.has(off + len, 2) || mpegFrameLength(h, off + len) > 0);
    }

    static int mpegSampleRate(Head h, int off) {
        return MPEG_RATES[h.u8(off + 1) >> 3 & 3][h.u8(off + 2) >> 2 & 3];
    }

    static int mpegChannels(Head h, int off) {
        return (h.u8(off + 3) >> 6) == 3 ? 1 : 2; // channel mode 3 is mono; stereo, joint and dual have two
    }

    /** The length of the ADTS frame whose header is at off (layer bits 00 set it apart from MPEG audio), or -1. */
    static int adtsFrameLength(Head h, int off) {
        if (h.u8(off) != 0xFF || (h.u8(off + 1) & 0xF6) != 0xF0 || !h.has(off, 7)) {
            return -1;
        }
        if ((h.u8(off + 2) >> 2 & 0xF) >= ADTS_RATES.length) {
            return -1;
        }
        int len = (h.u8(off + 3) & 3) << 11 | h.u8(off + 4) << 3 | h.u8(off + 5) >> 5;
        return len >= 7 ? len : -1;
    }

    static boolean adtsAt(Head h, int off) {
        int len = adtsFrameLength(h, off);
        return len > 0 && (!h.has(off + len, 2) || adtsFrameLength(h, off + len) > 0);
    }

    static int adtsSampleRate(Head h, int off) {
        return ADTS_RATES[h.u8(off + 2) >> 2 & 0xF];
    }

    /** The channel configuration; 0 means the channels are described in the stream, so unknown here. */
    static int adtsChannels(Head h, int off) {
        return (h.u8(off + 2) & 1) << 2 | h.u8(off + 3) >> 6;
    }

    /** The size of an ID3v2 tag at the start (header, body and footer), or -1 when there is none. */
    static int id3Size(Head h) {
        if (!h.at(0, "ID3") || h.u8(3) < 2 || h.u8(3) > 4 || h.u8(4) == 0xFF || !h.has(0, 10)) {
            return -1;
        }
        int size = 0;
        for (int i = 6; i < 10; i++) {
            if (h.u8(i) >= 0x80) {
                return -1; // a syncsafe integer has the top bit of each byte clear
            }
            size = size << 7 | h.u8(i);
        }
        return 10 + size + ((h.u8(5) & 0x10) != 0 ? 10 : 0);
    }
}
