package org.trawl.media;

import java.util.Set;

/**
 * What the boxes at the front of an ISO base media file (MP4, M4A, QuickTime) say, as far as the head holds
 * them: the track kinds (hdlr), the movie's duration (mvhd), a video track's frame size (tkhd) and an audio
 * track's channels and sample rate (its first stsd entry). A file whose moov comes after the media data (no
 * "fast start") shows none of it in its head; the brands then decide alone.
 */
final class IsoBmff {
    private static final Set<String> CONTAINERS = Set.of("moov", "trak", "mdia", "minf", "stbl");
    /** Brands only audio files carry (iTunes audio, audio books, protected audio, Flash audio). */
    private static final Set<String> AUDIO_BRANDS = Set.of("M4A ", "M4B ", "M4P ", "F4A ", "F4B ");
    /** Boxes nested deeper than real files nest them are not walked. */
    private static final int MAX_DEPTH = 6;

    boolean video;
    boolean audio;
    Double duration;
    Integer width;
    Integer height;
    Integer channels;
    Integer sampleRate;

    private String handler; // of the track being walked
    private Integer trackWidth;
    private Integer trackHeight;

    /** True when the head starts with an ftyp box. */
    static boolean isFtyp(Head h) {
        long size = h.be(0, 4);
        return h.at(4, "ftyp") && size >= 16 && size <= 4096;
    }

    /** Old QuickTime files start with a movie or data atom instead of ftyp. */
    static boolean isBareQuickTime(Head h) {
        long size = h.be(0, 4);
        return size >= 8 && (h.at(4, "moov") || h.at(4, "mdat") || h.at(4, "wide"));
    }

    /** MP4, QuickTime or M4A: by the brands, then, for the generic brands, by the tracks the head shows. */
    static MediaFormat format(Head h) {
        if (!isFtyp(h)) {
            return MediaFormat.MOV;
        }
        String major = h.ascii(8, 4);
        if (AUDIO_BRANDS.contains(major)) {
            return MediaFormat.M4A;
        }
        if (major.equals("qt  ")) {
            return MediaFormat.MOV;
        }
        IsoBmff boxes = scan(h);
        return boxes.audio && !boxes.video ? MediaFormat.M4A : MediaFormat.MP4;
    }

    static IsoBmff scan(Head h) {
        IsoBmff b = new IsoBmff();
        b.walk(h, 0, h.n, 0);
        return b;
    }

    private void walk(Head h, int start, int end, int depth) {
        int pos = start;
        while (pos + 8 <= end) {
            long size = h.be(pos, 4);
            String type = h.ascii(pos + 4, 4);
            int header = 8;
            if (size == 1) {
                size = h.be(pos + 8, 8);
                header = 16;
            } else if (size == 0) {
                size = end - pos;
            }
            if (size < header) {
                return;
            }
            long boxEnd = pos + size;
            int inHead = (int) Math.min(boxEnd, end);
            switch (type) {
                case "mvhd" -> movieHeader(h, pos + header);
                case "tkhd" -> {
                    if (boxEnd <= h.n) { // width and height are its last 8 bytes, 16.16 fixed point
                        trackWidth = (int) (h.be((int) boxEnd - 8, 4) >> 16);
                        trackHeight = (int) (h.be((int) boxEnd - 4, 4) >> 16);
                    }
                }
                case "hdlr" -> handler = h.ascii(pos + header + 8, 4);
                case "stsd" -> sampleDescription(h, pos + header);
                default -> {
                    if (CONTAINERS.contains(type) && depth < MAX_DEPTH) {
                        if (type.equals("trak")) {
                            handler = null;
                            trackWidth = null;
                            trackHeight = null;
                        }
                        walk(h, pos + header, inHead, depth + 1);
                        if (type.equals("trak")) {
                            endTrack();
                        }
                    }
                }
            }
            if (boxEnd > end) {
                return; // the rest is past the head
            }
            pos = (int) boxEnd;
        }
    }

    private void movieHeader(Head h, int at) {
        boolean v1 = h.u8(at) == 1;
        long timescale = h.be(at + (v1 ? 20 : 12), 4);
        long d = v1 ? h.be(at + 24, 8) : h.be(at + 16, 4);
        if (timescale > 0 && d >= 0 && d != 0xFFFFFFFFL) {
            duration = (double) d / timescale;
        }
    }

    /** The first sample entry of an audio track: channels and the 16.16 sample rate of the classic layout. */
    private void sampleDescription(Head h, int at) {
        if (!"soun".equals(handler)) {
            return;
        }
        int entry = at + 8; // version+flags, entry count
        long ch = h.be(entry + 24, 2), rate = h.be(entry + 32, 4);
        if (ch > 0 && channels == null) {
            channels = (int) ch;
        }
        if (rate > 0 && sampleRate == null) {
            sampleRate = (int) (rate >> 16);
        }
    }

    private void endTrack() {
        if ("vide".equals(handler)) {
            video = true;
            if (width == null && trackWidth != null && trackWidth > 0) {
                width = trackWidth;
                height = trackHeight;
            }
        } else if ("soun".equals(handler)) {
            audio = true;
        }
    }
}
