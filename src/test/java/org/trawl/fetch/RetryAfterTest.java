package org.trawl.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.trawl.internal.RetryAfter;

class RetryAfterTest {
    final Instant now = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void secondsAndHttpDates() {
        assertThat(RetryAfter.millis("120", now)).isEqualTo(120_000);
        assertThat(RetryAfter.millis(" 0 ", now)).isZero();
        assertThat(RetryAfter.millis("Sun, 22 Nov 2026 10:00:30 GMT", now)).isEqualTo(30_000);
        assertThat(RetryAfter.millis("Sun, 22 Nov 2026 09:00:00 GMT", now))
                .as("a past date means now")
                .isZero();
        assertThat(RetryAfter.millis("soon", now)).isEqualTo(-1);
        assertThat(RetryAfter.millis(null, now)).isEqualTo(-1);
        assertThat(RetryAfter.millis("99999999999999999999", now)).isEqualTo(Long.MAX_VALUE);
    }
}
