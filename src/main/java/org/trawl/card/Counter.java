package org.trawl.card;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Counts per name, listed most frequent first (ties by name) for tables and charts. */
public final class Counter {
    private final Map<String, long[]> counts = new HashMap<>();

    public void add(String name) {
        add(name, 1);
    }

    public void add(String name, long n) {
        counts.computeIfAbsent(name, k -> new long[1])[0] += n;
    }

    public long get(String name) {
        long[] c = counts.get(name);
        return c == null ? 0 : c[0];
    }

    public int size() {
        return counts.size();
    }

    public boolean isEmpty() {
        return counts.isEmpty();
    }

    public record Entry(String name, long count) {}

    public List<Entry> byCount() {
        List<Entry> all = new ArrayList<>(counts.size());
        counts.forEach((k, v) -> all.add(new Entry(k, v[0])));
        all.sort(Comparator.comparingLong(Entry::count).reversed().thenComparing(Entry::name));
        return all;
    }

    public List<Entry> byName() {
        List<Entry> all = byCount();
        all.sort(Comparator.comparing(Entry::name));
        return all;
    }
}
