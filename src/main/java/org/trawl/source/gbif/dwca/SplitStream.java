package org.trawl.source.gbif.dwca;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Iterator;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * One stream of the balancing pass: the chosen media rows whose core has one combination of the
 * --split-streams-by values, in archive order, each with its label. Memory: two ints per row.
 */
final class SplitStream {
    final String[] values;
    private int[] rows = new int[16];
    private int[] labels = new int[16];
    private int size;

    SplitStream(String[] values) {
        this.values = values;
    }

    void add(int mediaRow, int label) {
        if (size == rows.length) {
            rows = Arrays.copyOf(rows, size * 2);
            labels = Arrays.copyOf(labels, size * 2);
        }
        rows[size] = mediaRow;
        labels[size] = label;
        size++;
    }

    int size() {
        return size;
    }

    /** The media rows, for the mix to draw from. */
    Iterator<Integer> rows() {
        return IntStream.of(rows).limit(size).iterator();
    }

    /**
     * Marks {@code n} of this stream's rows in {@code kept}, a uniform random choice (a partial
     * Fisher-Yates shuffle of a copy; all of them when n is the size or more).
     */
    void choose(int n, Random rng, BitSet kept) {
        int[] pool = Arrays.copyOf(rows, size);
        int take = Math.min(n, size);
        for (int k = 0; k < take; k++) {
            int j = k + rng.nextInt(size - k);
            int t = pool[k];
            pool[k] = pool[j];
            pool[j] = t;
            kept.set(pool[k]);
        }
    }

    /** How many of this stream's rows the mix kept; sets their labels in {@code labelsKept}. */
    long taken(BitSet kept, BitSet labelsKept) {
        long taken = 0;
        for (int k = 0; k < size; k++) {
            if (kept.get(rows[k])) {
                taken++;
                labelsKept.set(labels[k]);
            }
        }
        return taken;
    }
}
