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
 *
 * <p>That mix is {@link Mix#STOCHASTIC}: a balanced run of three streams came out 188 / 152 / 158. The
 * default is {@link Mix#EXACT}: each stream gets a quota computed up front ({@link #quotas}: the total
 * shared by weight, a stream that cannot fill its share filled and the rest shared among the others,
 * integers by largest remainder), and the mix takes exactly that many from it ({@link #exact}), so
 * {@code -1} gives exactly min(count) from every stream.
 */
public final class Balancer {
    /** {@code --samples -1}. */
    public static final long BALANCED = -1;

    /** How the streams are mixed ({@code --mix}). */
    public enum Mix {
        /** Exact per-stream quotas (the default). */
        EXACT,
        /** gbif-dl's weighted random draw: balanced on average only. */
        STOCHASTIC
    }

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

    /**
     * Exactly how many items each stream gives: what it can give (its count, at most {@code perStream},
     * none at weight 0) when there is no total; otherwise the total shared in proportion to the weights,
     * where a stream that cannot fill its share gives all it can and the rest is shared among the others.
     * The sum is the total unless the streams together hold less.
     */
    public static long[] quotas(List<Long> counts, double[] weights, Long perStream, Long total) {
        long[] cap = new long[counts.size()];
        for (int i = 0; i < cap.length; i++) {
            if (total == null) {
                // no total: all a stream has, up to the cap. Not bounded by its count, which for a search counts
                // occurrences: with --all-media one occurrence gives several items
                cap[i] = weights[i] <= 0 ? 0 : perStream == null ? ALL : perStream;
            } else {
                cap[i] = weights[i] <= 0 ? 0 : Math.min(counts.get(i), perStream == null ? Long.MAX_VALUE : perStream);
            }
        }
        return total == null ? cap : fill(cap, new long[cap.length], weights, total);
    }

    /** A quota no stream reaches, small enough that thousands of them add up without overflow. */
    private static final long ALL = 1L << 40;

    /**
     * {@code q} plus up to {@code amount} more, shared by weight and bounded by {@code cap}: water-filling
     * (a stream whose share reaches its cap is filled, and the pass starts again without it), then whole
     * items by largest remainder, ties to the earlier stream.
     */
    static long[] fill(long[] cap, long[] q, double[] weights, long amount) {
        long[] out = q.clone();
        boolean[] open = new boolean[out.length];
        for (int i = 0; i < out.length; i++) {
            open[i] = weights[i] > 0 && out[i] < cap[i];
        }
        long left = amount;
        while (left > 0) {
            double sum = 0;
            for (int i = 0; i < out.length; i++) {
                sum += open[i] ? weights[i] : 0;
            }
            if (sum <= 0) {
                break;
            }
            long pass = left;
            boolean filled = false;
            for (int i = 0; i < out.length; i++) {
                if (open[i] && cap[i] - out[i] <= pass * weights[i] / sum) {
                    left -= cap[i] - out[i];
                    out[i] = cap[i];
                    open[i] = false;
                    filled = true;
                }
            }
            if (filled) {
                continue;
            }
            double[] frac = new double[out.length];
            long given = 0;
            for (int i = 0; i < out.length; i++) {
                frac[i] = -1;
                if (open[i]) {
                    double share = pass * weights[i] / sum;
                    long whole = (long) Math.floor(share);
                    out[i] += whole;
                    given += whole;
                    frac[i] = share - whole;
                }
            }
            for (long rest = pass - given; rest > 0; rest--) {
                int best = -1;
                for (int i = 0; i < out.length; i++) {
                    if (frac[i] >= 0 && out[i] < cap[i] && (best < 0 || frac[i] > frac[best])) {
                        best = i;
                    }
                }
                if (best < 0) {
                    break;
                }
                out[best]++;
                frac[best] = -1;
            }
            left = 0;
        }
        return out;
    }

    /**
     * Mixes the streams by exact quotas ({@link #quotas}): each item comes from a stream drawn in
     * proportion to what it still owes (seeded), so the streams stay interleaved. A stream that runs dry
     * before its quota (a count that promised more than it had) hands what it still owed to the others,
     * as {@link #quotas} would have.
     *
     * @param counts    what each stream was counted to hold, the bound of what it can take over
     * @param perStream the cap of each stream, or null
     */
    public static <T> Iterator<T> exact(
            List<? extends Iterator<T>> streams,
            List<Long> counts,
            double[] weights,
            Long perStream,
            long[] quotas,
            Random rng) {
        return new ExactMux<>(streams, counts, weights, perStream, quotas, rng);
    }

    private static final class ExactMux<T> implements Iterator<T> {
        private final List<Iterator<T>> streams;
        private final double[] weights;
        private final long[] owed;
        private final long[] taken;
        private final long[] cap;
        private final Random rng;
        private T next;
        private boolean ready;

        ExactMux(
                List<? extends Iterator<T>> streams,
                List<Long> counts,
                double[] weights,
                Long perStream,
                long[] quotas,
                Random rng) {
            this.streams = new ArrayList<>(streams);
            this.weights = weights.clone();
            this.owed = quotas.clone();
            this.taken = new long[quotas.length];
            this.cap = new long[quotas.length];
            for (int i = 0; i < cap.length; i++) {
                cap[i] = Math.min(counts.get(i), perStream == null ? Long.MAX_VALUE : perStream);
            }
            this.rng = rng;
        }

        @Override
        public boolean hasNext() {
            while (!ready) {
                int i = draw();
                if (i < 0) {
                    return false;
                }
                Iterator<T> s = streams.get(i);
                if (s.hasNext()) {
                    next = s.next();
                    owed[i]--;
                    taken[i]++;
                    ready = true;
                } else {
                    handOver(i);
                }
            }
            return true;
        }

        /** Stream i ran dry: what it still owed goes to the streams that can give more. */
        private void handOver(int i) {
            long shortfall = owed[i];
            owed[i] = 0;
            weights[i] = 0;
            long[] room = new long[owed.length];
            for (int j = 0; j < room.length; j++) {
                room[j] = Math.max(owed[j], cap[j] - taken[j]);
            }
            long[] more = fill(room, owed, weights, shortfall);
            System.arraycopy(more, 0, owed, 0, owed.length);
        }

        /** A stream drawn in proportion to what it still owes, or -1 when none owes anything. */
        private int draw() {
            long sum = 0;
            for (long o : owed) {
                sum += o;
            }
            if (sum <= 0) {
                return -1;
            }
            long x = (long) (rng.nextDouble() * sum);
            for (int i = 0; i < owed.length; i++) {
                x -= owed[i];
                if (x < 0) {
                    return i;
                }
            }
            for (int i = owed.length - 1; i >= 0; i--) { // rounding at the top end
                if (owed[i] > 0) {
                    return i;
                }
            }
            return -1;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            ready = false;
            T t = next;
            next = null;
            return t;
        }
    }

    /**
     * What the dry run says a stream gives: its exact quota with the exact mix; with gbif-dl's its
     * share of the total (at most the cap), which the draw meets on average only. Null without a total.
     */
    public static Long expected(Mix mix, Long total, double share, Long perStream, long quota) {
        if (total == null) {
            return null;
        }
        if (mix == Mix.EXACT) {
            return quota;
        }
        long expected = Math.round(total * share);
        return perStream == null ? expected : Math.min(expected, perStream);
    }

    /**
     * With the exact mix, how many items short of its share (at most the cap) a stream is because it holds
     * too few; null when it is not short, without a total, or with gbif-dl's mix.
     */
    public static Long shortfall(Mix mix, Long total, double share, Long perStream, long quota) {
        if (mix != Mix.EXACT || total == null) {
            return null;
        }
        long fair = (long) Math.floor(total * share);
        if (perStream != null) {
            fair = Math.min(fair, perStream);
        }
        return quota < fair ? fair - quota : null;
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
