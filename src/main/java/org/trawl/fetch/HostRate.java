package org.trawl.fetch;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * --rate: a token bucket per host holding one token, shared by every transfer to that host, kept as the
 * time its next request may go (GCRA): each request takes the next free instant and moves it on by one
 * interval, so requests to a host are at least {@code 1/rate} apart however many transfers there are.
 * Made only when a rate is set: without one the engine never touches it.
 */
final class HostRate {
    private final long intervalNanos;
    private final Map<String, AtomicLong> nextFree = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> nextSend = new ConcurrentHashMap<>();

    HostRate(double requestsPerSecond) {
        this.intervalNanos = Math.max(1, Math.round(1e9 / requestsPerSecond));
    }

    /** Takes {@code host}'s next request time; returns how many nanoseconds from now that is (0: go now). */
    long reserve(String host) {
        return take(nextFree, host);
    }

    /**
     * The same, taken again once the connection is ready and the request is about to go: requests started at
     * the rate can still leave together when connections take different times to open (or a loaded machine
     * runs their starts late), and the server would see a burst. This second gate keeps the sends themselves
     * apart; it rarely waits, and then briefly, so a connection is never held idle for long.
     */
    long reserveSend(String host) {
        return take(nextSend, host);
    }

    private long take(Map<String, AtomicLong> times, String host) {
        AtomicLong next = times.computeIfAbsent(host, h -> new AtomicLong(Long.MIN_VALUE));
        while (true) {
            long now = System.nanoTime();
            long prev = next.get();
            long start = prev == Long.MIN_VALUE || prev - now < 0 ? now : prev;
            if (next.compareAndSet(prev, start + intervalNanos)) {
                return start - now;
            }
        }
    }
}
