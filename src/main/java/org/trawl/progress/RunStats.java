package org.trawl.progress;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Live counters of a run, read by the progress display and the final summary. */
public final class RunStats {
    public final long startNanos = System.nanoTime();
    public final AtomicLong planned = new AtomicLong(-1); // -1 until the plan has been counted
    public final LongAdder fetched = new LongAdder();
    public final LongAdder skipped = new LongAdder();
    public final LongAdder failed = new LongAdder();
    public final LongAdder bytes = new LongAdder();
    public final LongAdder retries = new LongAdder();
    public final LongAdder resumed = new LongAdder();
    /** Boxes a --resize-mode center-crop left wholly off their image, so in no export (counted by the exports). */
    public final LongAdder boxesOutsideCrop = new LongAdder();

    private final Map<String, LongAdder> failuresByReason = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failuresByHost = new ConcurrentHashMap<>();
    private static final int MAX_DISTINCT = 50; // capped so a million distinct messages cannot blow memory

    private record Wait(String what, long untilNanos) {}

    private volatile Wait wait;

    /** Notes that a transfer waits {@code nanos} for {@code what} (a rate, a server's Retry-After), for the progress line. */
    public void waiting(String what, long nanos) {
        long until = System.nanoTime() + nanos;
        Wait w = wait;
        // the longest current wait is the one worth showing
        if (w == null || w.untilNanos() - System.nanoTime() < nanos) {
            wait = new Wait(what, until);
        }
    }

    /** What trawl is waiting for now, or null. */
    public String waitingFor() {
        Wait w = wait;
        return w != null && w.untilNanos() - System.nanoTime() > 0 ? w.what() : null;
    }

    public void failure(String reason, String host) {
        failed.increment();
        count(failuresByReason, reasonClass(reason));
        count(failuresByHost, host);
    }

    private static void count(Map<String, LongAdder> map, String key) {
        if (map.size() >= MAX_DISTINCT && !map.containsKey(key)) {
            key = "(other)";
        }
        map.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    /** How the engine starts the reason of a body of the wrong kind (see media.MediaFilter#refusal). */
    private static final String[] REFUSALS = {
        "not an image: ", "not audio: ", "not a video: ", "not a known media file: "
    };

    /**
     * The reason without what varies from item to item, so that one cause is one line of the summary:
     * "truncated: 10 of 20 bytes" and "truncated: 5 of 9 bytes" are "truncated"; "not an image" (or "not
     * audio", "not a video", "not a known media file", by --media-type) keeps what the body was ("HTML page",
     * "WAV audio"), but not the bytes or words it started with, nor a Content-Type's parameters.
     */
    static String reasonClass(String reason) {
        for (String refusal : REFUSALS) {
            if (reason.startsWith(refusal)) {
                String what = reason.substring(refusal.length());
                for (String cut : new String[] {" starting ", ";"}) {
                    int at = what.indexOf(cut);
                    what = at > 0 ? what.substring(0, at) : what;
                }
                return refusal + what.trim();
            }
        }
        int colon = reason.indexOf(':');
        String head = colon > 0 ? reason.substring(0, colon) : reason;
        return head.replaceAll("\\d{4,}", "N").trim();
    }

    public Map<String, Long> failuresByReason() {
        return snapshot(failuresByReason);
    }

    public Map<String, Long> failuresByHost() {
        return snapshot(failuresByHost);
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> m) {
        Map<String, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
