package org.trawl.progress;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The progress line says when trawl waits on a rate or on a server's Retry-After, and only while it does. */
class ProgressWaitingTest {
    @Test
    void theLineNamesTheWaitWhileItLasts() throws Exception {
        RunStats s = new RunStats();
        s.planned.set(10);
        assertThat(ProgressDisplay.render(s, 0)).doesNotContain("waiting");

        s.waiting("Retry-After 30s example.org", 30_000_000_000L);
        s.waiting("rate limit example.org", 200_000_000L); // shorter: the longer wait stays shown
        assertThat(ProgressDisplay.render(s, 0)).endsWith(", waiting: Retry-After 30s example.org");

        RunStats t = new RunStats();
        t.waiting("rate limit example.org", 50_000_000L);
        assertThat(ProgressDisplay.render(t, 0)).contains("waiting: rate limit example.org");
        Thread.sleep(80);
        assertThat(ProgressDisplay.render(t, 0)).doesNotContain("waiting");
    }
}
