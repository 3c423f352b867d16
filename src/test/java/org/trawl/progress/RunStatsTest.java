package org.trawl.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The summary's "failed by reason" groups one cause into one line, whatever each item's details were. */
class RunStatsTest {

    @Test
    void reasonsAreGroupedByWhatTheyHaveInCommon() {
        RunStats st = new RunStats();
        st.failure("not an image: unknown content starting 0x1f8b0800", "a");
        st.failure("not an image: unknown content starting 0x00000018", "a");
        st.failure("not an image: text starting \"Access denied for...\"", "a");
        st.failure("not an image: text starting \"Service unavailable\"", "b");
        st.failure("not an image: HTML page", "b");
        st.failure("not an image: text/html; charset=utf-8", "b");
        st.failure("not an image: text/html; charset=iso-8859-1", "b");
        st.failure("truncated: 10 of 20 bytes", "b");
        st.failure("truncated: 5 of 9 bytes", "b");
        st.failure("http 404", "c");
        st.failure("not audio: HTML page", "c");
        st.failure("not audio: text starting \"Not found\"", "c");
        st.failure("not a video: MP3 audio", "c");
        st.failure("body over 1073741824 bytes (--max-bytes)", "c");

        assertThat(st.failuresByReason())
                .isEqualTo(Map.of(
                        "not an image: unknown content", 2L,
                        "not an image: text", 2L,
                        "not an image: HTML page", 1L,
                        "not an image: text/html", 2L,
                        "truncated", 2L,
                        "http 404", 1L,
                        "not audio: HTML page", 1L,
                        "not audio: text", 1L,
                        "not a video: MP3 audio", 1L,
                        "body over N bytes (--max-bytes)", 1L));
        assertThat(st.failed.sum()).isEqualTo(14);
        assertThat(st.failuresByHost()).isEqualTo(Map.of("a", 3L, "b", 6L, "c", 5L));
    }
}
