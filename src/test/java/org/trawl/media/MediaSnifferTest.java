package org.trawl.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.trawl.testing.TestImages;
import org.trawl.testing.TestMedia;

/** Each container by the header its encoder writes: the format, its extension, and what its header tells. */
class MediaSnifferTest {

    static Stream<Arguments> media() {
        return Stream.of(
                // body, name, extension, family, duration, sample rate, channels, width, height
                Arguments.of(
                        TestMedia.wav(22050, 1, 44100), "WAV", "wav", MediaFamily.SOUND, 2.0, 22050, 1, null, null),
                Arguments.of(
                        TestMedia.wav(48000, 2, 12000), "WAV", "wav", MediaFamily.SOUND, 0.25, 48000, 2, null, null),
                Arguments.of(
                        TestMedia.flac(44100, 2, 441000),
                        "FLAC",
                        "flac",
                        MediaFamily.SOUND,
                        10.0,
                        44100,
                        2,
                        null,
                        null),
                Arguments.of(TestMedia.mp3(44100, true), "MP3", "mp3", MediaFamily.SOUND, null, 44100, 1, null, null),
                Arguments.of(
                        noTag(TestMedia.mp3(48000, false)),
                        "MP3",
                        "mp3",
                        MediaFamily.SOUND,
                        null,
                        48000,
                        2,
                        null,
                        null),
                Arguments.of(TestMedia.adts(4, 2), "AAC", "aac", MediaFamily.SOUND, null, 44100, 2, null, null),
                Arguments.of(
                        TestMedia.oggVorbis(32000, 1),
                        "Ogg Vorbis",
                        "ogg",
                        MediaFamily.SOUND,
                        null,
                        32000,
                        1,
                        null,
                        null),
                Arguments.of(
                        TestMedia.oggOpus(16000, 2), "Ogg Opus", "opus", MediaFamily.SOUND, null, 16000, 2, null, null),
                Arguments.of(
                        TestMedia.isoBmff("M4A ", "soun", 44100, 44100 * 3, 0, 0),
                        "M4A",
                        "m4a",
                        MediaFamily.SOUND,
                        3.0,
                        44100,
                        2,
                        null,
                        null),
                Arguments.of( // a generic brand with one sound track is audio too
                        TestMedia.isoBmff("mp42", "soun", 1000, 1500, 0, 0),
                        "M4A",
                        "m4a",
                        MediaFamily.SOUND,
                        1.5,
                        44100,
                        2,
                        null,
                        null),
                Arguments.of(
                        TestMedia.isoBmff("isom", "vide", 600, 6000, 640, 360),
                        "MP4",
                        "mp4",
                        MediaFamily.MOVING_IMAGE,
                        10.0,
                        null,
                        null,
                        640,
                        360),
                Arguments.of(
                        TestMedia.isoBmff("qt  ", "vide", 600, 300, 1920, 1080),
                        "QuickTime",
                        "mov",
                        MediaFamily.MOVING_IMAGE,
                        0.5,
                        null,
                        null,
                        1920,
                        1080),
                Arguments.of(
                        TestMedia.ebml("webm"), "WebM", "webm", MediaFamily.MOVING_IMAGE, null, null, null, null, null),
                Arguments.of(
                        TestMedia.ebml("matroska"),
                        "Matroska",
                        "mkv",
                        MediaFamily.MOVING_IMAGE,
                        null,
                        null,
                        null,
                        null,
                        null),
                Arguments.of(
                        TestMedia.avi(40_000, 250, 320, 240),
                        "AVI",
                        "avi",
                        MediaFamily.MOVING_IMAGE,
                        10.0,
                        null,
                        null,
                        320,
                        240),
                Arguments.of(
                        TestMedia.transportStream(30),
                        "MPEG-TS",
                        "ts",
                        MediaFamily.MOVING_IMAGE,
                        null,
                        null,
                        null,
                        null,
                        null),
                Arguments.of(
                        TestImages.jpeg(8, 8, 1),
                        "JPEG",
                        "jpg",
                        MediaFamily.STILL_IMAGE,
                        null,
                        null,
                        null,
                        null,
                        null));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("media")
    void recognisesTheContainerAndReadsItsHeader(
            byte[] body,
            String name,
            String ext,
            MediaFamily family,
            Double duration,
            Integer rate,
            Integer channels,
            Integer width,
            Integer height) {
        byte[] head = Arrays.copyOf(body, Math.min(body.length, MediaSniffer.SNIFF_BYTES));

        MediaFormat f =
                MediaSniffer.sniff(head, head.length).orElseThrow(() -> new AssertionError(name + " not recognised"));

        assertThat(f.name()).isEqualTo(name);
        assertThat(f.extension()).isEqualTo(ext);
        assertThat(f.family()).isEqualTo(family);
        StreamInfo info = StreamInfo.of(body, body.length, f);
        assertThat(info.durationSeconds()).isEqualTo(duration);
        assertThat(info.sampleRate()).isEqualTo(rate);
        assertThat(info.channels()).isEqualTo(channels);
        assertThat(info.width()).isEqualTo(width);
        assertThat(info.height()).isEqualTo(height);
    }

    static Stream<Arguments> notMedia() {
        return Stream.of(
                Arguments.of(text("<!DOCTYPE html><html><body>Recording not found</body></html>"), "HTML page"),
                Arguments.of(text("{\"error\":\"rate limited\"}"), "JSON document"),
                Arguments.of(
                        text("GGGG plain text that starts with G"), "text starting \"GGGG plain text that sta...\""),
                Arguments.of(new byte[0], "empty body"),
                // a lone frame sync whose next frame is not where its length says
                Arguments.of(brokenMp3(), "unknown content starting 0xfffb9044"),
                Arguments.of(
                        new byte[] {'R', 'I', 'F', 'F', 0, 0, 0, 0, 'J', 'U', 'N', 'K'},
                        "unknown content starting 0x52494646"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("notMedia")
    void refusesWhatIsNoMediaWithAReadableReason(byte[] body, String described) {
        assertThat(MediaSniffer.sniff(body, body.length)).isEmpty();
        assertThat(MediaSniffer.describe(body, body.length)).isEqualTo(described);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filters")
    void aFilterKeepsItsFamilyAndAnyKeepsAll(
            String value, boolean image, boolean sound, boolean video, String refusal) {
        MediaFilter f = MediaFilter.parse(value);
        assertThat(f.accepts(MediaFamily.STILL_IMAGE)).isEqualTo(image);
        assertThat(f.accepts(MediaFamily.SOUND)).isEqualTo(sound);
        assertThat(f.accepts(MediaFamily.MOVING_IMAGE)).isEqualTo(video);
        assertThat(f.refusal()).isEqualTo(refusal);
    }

    static Stream<Arguments> filters() {
        return Stream.of(
                Arguments.of("StillImage", true, false, false, "not an image"),
                Arguments.of("sound", false, true, false, "not audio"),
                Arguments.of("MovingImage", false, false, true, "not a video"),
                Arguments.of("any", true, true, true, "not a known media file"));
    }

    private static byte[] noTag(byte[] mp3) {
        return Arrays.copyOfRange(mp3, 30, mp3.length);
    }

    private static byte[] brokenMp3() {
        byte[] b = noTag(TestMedia.mp3(44100, false));
        b[417] = 0; // the second frame's sync
        return b;
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
