package org.trawl.source.gbif;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * gbif-dl's stream balancing, as its {@code generate_urls} defines it, shared by every GBIF source
 * (search here, DwC-A in {@code gbif.dwca}):
 * <ul>
 * <li>{@code nb_samples = -1} means min(count over streams) × number of streams
 * ({@link #totalSamples});</li>
 * <li>{@code weighted_streams}: a stream's weight is its count / the largest count ({@link #weights});</li>
 * <li>{@code nb_samples_per_stream} caps what each stream yields;</li>
 * <li>the streams are mixed like pescador's {@code StochasticMux(n_active=all, rate=None, mode="exhaustive")}:
 * each item comes from a stream drawn with probability proportional to its weight among the streams
 * not yet exhausted; an exhausted stream is never revived; the mix stops after the total or when
 * every stream is exhausted ({@link #mux}).</li>
 * </ul>
 * Differences, each a gbif-dl bug: the draw is seeded (reproducible); all-zero counts give no items
 * instead of NaN weights; with a single stream the per-stream cap still applies (gbif-dl ignored it
 * unless nb_samples was also set).
 */
public final class Balancer {
    /** {@code --samples -1}. */
    public static final long BALANCED = -1;

    private Balancer() {}

    /**
     * The total to draw: null (no limit) stays null; -1 becomes min(counts) × streams; then the
     * per-stream cap bounds it from above when there is one stream (gbif-dl's unsplit branch).
     */
    public static Long totalSamples(Long samples, List<Long> counts, Long perStream) {
        Long total = samples;
        if (total != null && total == BALANCED) {
            long min = counts.stream().mapToLong(Long::longValue).min().orElse(0);
            total = min * counts.size();
        }
        if (counts.size() == 1 && perStream != null) {
            total = total == null ? perStream : Math.min(total, perStream);
        }
        return total;
    }

    /** Weights per stream: count / max count when weighted, else all equal. Zero counts weigh zero. */
    public static double[] weights(List<Long> counts, boolean weighted) {
        double[] w = new double[counts.size()];
        long max = counts.stream().mapToLong(Long::longValue).max().orElse(0);
        for (int i = 0; i < w.length; i++) {
            w[i] = !weighted ? 1.0 : max == 0 ? 0.0 : counts.get(i) / (double) max;
        }
        return w;
    }

    /**
     * The expected share of the total each stream gets before any stream runs dry: its weight over
     * the sum of weights. For the dry-run plan; the real mix may differ when a stream is exhausted.
     */
    public static double[] shares(double[] weights) {
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        double[] s = new double[weights.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = sum == 0 ? 0 : weights[i] / sum;
        }
        return s;
    }

    /** Mixes the streams; {@code total} and {@code perStream} may be null (no limit). */
    public static <T> Iterator<T> mux(
            List<? extends Iterator<T>> streams, double[] weights, Long perStream, Long total, Random rng) {
        return new Mux<>(streams, weights, perStream, total, rng);
    }

    private static final class Mux<T> implements Iterator<T> {
        private final List<Iterator<T>> streams;
        private final double[] weights;
        private final long[] taken;
        private final Long perStream;
        private final Long total;
        private final Random rng;
        private long yielded;
        private T next;
        private boolean ready;

        Mux(List<? extends Iterator<T>> streams, double[] weights, Long perStream, Long total, Random rng) {
            this.streams = new ArrayList<>(streams);
            this.weights = weights.clone();
            this.taken = new long[streams.size()];
            this.perStream = perStream;
            this.total = total;
            this.rng = rng;
        }

        @Override
        public boolean hasNext() {
            if (ready) {
                return true;
            }
            if (total != null && yielded >= total) {
                return false;
            }
            while (true) {
                int i = draw();
                if (i < 0) {
                    return false;
                }
                Iterator<T> s = streams.get(i);
                if ((perStream != null && taken[i] >= perStream) || !s.hasNext()) {
                    weights[i] = 0; // exhausted: never revived
                    continue;
                }
                next = s.next();
                taken[i]++;
                ready = true;
                return true;
            }
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            ready = false;
            yielded++;
            T t = next;
            next = null;
            return t;
        }

        /** A stream index drawn in proportion to the weights, or -1 when every weight is zero. */
        private int draw() {
            double sum = 0;
            for (double w : weights) {
                sum += w;
            }
            if (sum <= 0) {
                return -1;
            }
            double x = rng.nextDouble() * sum;
            int last = -1;
            for (int i = 0; i < weights.length; i++) {
                if (weights[i] > 0) {
                    last = i;
                    x -= weights[i];
                    if (x < 0) {
                        return i;
                    }
                }
            }
            return last;
        }
    }
}
