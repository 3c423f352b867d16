package org.trawl.fetch;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The transfer caps: at most {@code total} transfers at once (-j) and {@code perHost} to one host
 * (--per-host). A transfer holds its slot from its request until its body has arrived or it failed;
 * the checks, rename and journal record after that no longer hold it. A task that finds no free slot
 * waits here, in arrival order, and is handed the slot of the next transfer that frees one it may use,
 * so the freed connection carries the next request at once (a round trip through the scheduler thread
 * and back cost ~7 ms per item at 40 ms RTT, measured against curl with a packet capture).
 *
 * <p>Slots also belong to an event loop, each with its own connection pool: a host's {@code perHost}
 * is split over the loops ({@link #cap}), so the connections a host sees, idle ones included, never
 * exceed {@code perHost} in all. A host with fewer slots than there are loops lives on some of them,
 * chosen by its name so that many such hosts spread over every loop.
 *
 * @param <T> what waits for a slot
 */
final class TransferSlots<T> {
    /** A task that now holds a slot on {@code loop}. */
    record Start<T>(T task, int loop) {}

    private record Waiting<T>(String host, T task) {}

    private final int total;
    private final int perHost;
    private final int loops;
    /** Per host: transfers on each loop, then (last) on all loops. */
    private final Map<String, int[]> busyByHost = new HashMap<>();

    private final ArrayDeque<Waiting<T>> waiting = new ArrayDeque<>();
    private int busy;

    TransferSlots(int total, int perHost, int loops) {
        this.total = Math.max(1, total);
        this.perHost = Math.max(1, perHost);
        this.loops = Math.max(1, loops);
    }

    /** The most connections one host gets on one loop (the size each loop's pool needs). */
    int perHostPerLoop() {
        return (perHost + loops - 1) / loops;
    }

    /** The host's share of {@code perHost} on {@code loop}; the shares add up to {@code perHost}. */
    int cap(String host, int loop) {
        int base = perHost / loops, extra = perHost % loops;
        int first = Math.floorMod(host.hashCode(), loops);
        return base + (Math.floorMod(loop - first, loops) < extra ? 1 : 0);
    }

    /**
     * Takes a slot for {@code task} on the first loop from {@code preferred} on where its host has room
     * and returns that loop, or queues the task and returns -1.
     */
    synchronized int admit(String host, T task, int preferred) {
        int loop = roomFor(host, Math.floorMod(preferred, loops));
        if (loop >= 0) {
            take(host, loop);
            return loop;
        }
        waiting.addLast(new Waiting<>(host, task));
        return -1;
    }

    /**
     * Frees a slot of {@code host} on {@code loop}; returns the first waiting task that may now run, on
     * this loop when its host has room here (its request then takes the connection just given back),
     * else on another; null when none may.
     */
    synchronized Start<T> release(String host, int loop) {
        busy--;
        int[] b = busyByHost.get(host);
        b[loop]--;
        if (--b[loops] == 0) {
            busyByHost.remove(host);
        }
        if (busy >= total) {
            return null;
        }
        for (Iterator<Waiting<T>> it = waiting.iterator(); it.hasNext(); ) {
            Waiting<T> w = it.next();
            int to = roomFor(w.host(), loop);
            if (to >= 0) {
                it.remove();
                take(w.host(), to);
                return new Start<>(w.task(), to);
            }
        }
        return null;
    }

    synchronized int waiting() {
        return waiting.size();
    }

    /** The first loop from {@code from} on with room for one more transfer of {@code host}, or -1. */
    private int roomFor(String host, int from) {
        if (busy >= total) {
            return -1;
        }
        int[] b = busyByHost.get(host);
        if (b != null && b[loops] >= perHost) {
            return -1;
        }
        for (int i = 0; i < loops; i++) {
            int loop = (from + i) % loops;
            if ((b == null ? 0 : b[loop]) < cap(host, loop)) {
                return loop;
            }
        }
        return -1;
    }

    private void take(String host, int loop) {
        busy++;
        int[] b = busyByHost.computeIfAbsent(host, h -> new int[loops + 1]);
        b[loop]++;
        b[loops]++;
    }
}
