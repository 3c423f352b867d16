package org.trawl.fetch;

import java.util.concurrent.atomic.AtomicLong;

/**
 * --limit-rate: the bandwidth of all transfers together. Each body piece is paid for once it has
 * arrived, moving the instant the next byte may arrive on by its size at the set rate; the attempt
 * that received it pauses its response until then, which stops reading from the socket. Credit does
 * not build up while nothing arrives, so no burst exceeds the rate. Made only when a cap is set.
 */
final class Bandwidth {
    private final double nanosPerByte;
    private final AtomicLong nextFree = new AtomicLong(System.nanoTime());

    Bandwidth(long bytesPerSecond) {
        this.nanosPerByte = 1e9 / bytesPerSecond;
    }

    /** Pays for {@code bytes} just received; returns how many nanoseconds to pause now (0: none). */
    long pay(long bytes) {
        long cost = (long) Math.ceil(bytes * nanosPerByte);
        while (true) {
            long now = System.nanoTime();
            long prev = nextFree.get();
            long start = prev - now < 0 ? now : prev;
            if (nextFree.compareAndSet(prev, start + cost)) {
                return start + cost - now;
            }
        }
    }
}
