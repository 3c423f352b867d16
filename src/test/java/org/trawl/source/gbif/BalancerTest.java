package org.trawl.source.gbif;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The balancing arithmetic against gbif-dl's generate_urls and pescador's exhaustive StochasticMux. */
class BalancerTest {

    static List<Iterator<String>> streams(int... sizes) {
        List<Iterator<String>> out = new ArrayList<>();
        for (int s = 0; s < sizes.length; s++) {
            int stream = s;
            out.add(IntStream.range(0, sizes[s]).mapToObj(i -> stream + ":" + i).iterator());
        }
        return out;
    }

    static List<String> drain(Iterator<String> it) {
        List<String> l = new ArrayList<>();
        it.forEachRemaining(l::add);
        return l;
    }

    static long from(List<String> items, int stream) {
        return items.stream().filter(s -> s.startsWith(stream + ":")).count();
    }

    @Test
    void minusOneIsTheSmallestStreamTimesTheNumberOfStreams() {
        assertThat(Balancer.totalSamples(-1L, List.of(50L, 7L, 900L), null)).isEqualTo(21L);
        assertThat(Balancer.totalSamples(-1L, List.of(40L), null)).isEqualTo(40L);
        assertThat(Balancer.totalSamples(100L, List.of(50L, 7L), null)).isEqualTo(100L);
        assertThat(Balancer.totalSamples(null, List.of(50L, 7L), 5L)).isNull(); // the cap acts per stream
    }

    @Test
    void aSingleStreamIsCappedByThePerStreamLimitEvenWithoutSamples() {
        // gbif-dl only applied nb_samples_per_stream to an unsplit query when nb_samples was also set
        assertThat(Balancer.totalSamples(null, List.of(500L), 30L)).isEqualTo(30L);
        assertThat(Balancer.totalSamples(100L, List.of(500L), 30L)).isEqualTo(30L);
        assertThat(Balancer.totalSamples(10L, List.of(500L), 30L)).isEqualTo(10L);
    }

    @Test
    void weightsAreCountOverTheLargestCount() {
        assertThat(Balancer.weights(List.of(200L, 50L, 100L), true)).containsExactly(1.0, 0.25, 0.5);
        assertThat(Balancer.weights(List.of(200L, 50L), false)).containsExactly(1.0, 1.0);
        // gbif-dl divided by a zero max: NaN weights
        assertThat(Balancer.weights(List.of(0L, 0L), true)).containsExactly(0.0, 0.0);
        assertThat(Balancer.shares(new double[] {1.0, 0.25, 0.5})).containsExactly(1 / 1.75, 0.25 / 1.75, 0.5 / 1.75);
    }

    @Test
    void evenMixDrawsStreamsAlikeAndStopsAtTheTotal() {
        List<String> got =
                drain(Balancer.mux(streams(5000, 5000, 5000), new double[] {1, 1, 1}, null, 3000L, new Random(1)));
        assertThat(got).hasSize(3000);
        for (int s = 0; s < 3; s++) {
            assertThat(from(got, s)).isBetween(900L, 1100L);
        }
    }

    @Test
    void weightedMixKeepsTheOriginalDistribution() {
        List<Long> counts = List.of(4000L, 1000L, 2000L);
        List<String> got = drain(
                Balancer.mux(streams(4000, 1000, 2000), Balancer.weights(counts, true), null, 1400L, new Random(3)));
        assertThat(got).hasSize(1400);
        assertThat(from(got, 0)).isBetween(730L, 870L); // 4/7 of 1400 = 800
        assertThat(from(got, 1)).isBetween(160L, 240L); // 1/7 = 200
        assertThat(from(got, 2)).isBetween(330L, 470L); // 2/7 = 400
    }

    @Test
    void anExhaustedStreamIsNeverRevivedAndTheOthersFillTheTotal() {
        List<String> got = drain(Balancer.mux(streams(3, 100, 100), new double[] {1, 1, 1}, null, 60L, new Random(2)));
        assertThat(got).hasSize(60);
        assertThat(from(got, 0)).isEqualTo(3);
        // without a total, every item of every stream comes out once
        assertThat(drain(Balancer.mux(streams(3, 4, 5), new double[] {1, 1, 1}, null, null, new Random(2))))
                .hasSize(12)
                .doesNotHaveDuplicates();
    }

    @Test
    void thePerStreamCapHolds() {
        List<String> got = drain(Balancer.mux(streams(100, 100, 2), new double[] {1, 1, 1}, 10L, null, new Random(4)));
        assertThat(from(got, 0)).isEqualTo(10);
        assertThat(from(got, 1)).isEqualTo(10);
        assertThat(from(got, 2)).isEqualTo(2);
    }

    @Test
    void theSameSeedGivesTheSameMixAndAnotherSeedAnother() {
        List<String> a = drain(Balancer.mux(streams(50, 50, 50), new double[] {1, 1, 1}, null, 30L, new Random(9)));
        List<String> b = drain(Balancer.mux(streams(50, 50, 50), new double[] {1, 1, 1}, null, 30L, new Random(9)));
        List<String> c = drain(Balancer.mux(streams(50, 50, 50), new double[] {1, 1, 1}, null, 30L, new Random(10)));
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void aZeroWeightStreamGivesNothing() {
        List<String> got = drain(
                Balancer.mux(streams(10, 10), Balancer.weights(List.of(10L, 0L), true), null, null, new Random(1)));
        assertThat(got).hasSize(10).allMatch(s -> s.startsWith("0:"));
    }

    // ---------------------------------------------------------------- the exact mix

    static long[] counted(List<String> items, int n) {
        long[] c = new long[n];
        for (int s = 0; s < n; s++) {
            c[s] = from(items, s);
        }
        return c;
    }

    @Test
    void exactQuotasShareTheTotalByWeightAndGiveWhatAShortStreamCannot() {
        double[] even = {1, 1, 1, 1, 1};
        List<Long> counts = List.of(4L, 1L, 2L, 1L, 7L);
        // -1: min(count) from every stream
        assertThat(Balancer.quotas(counts, even, null, Balancer.totalSamples(-1L, counts, null)))
                .containsExactly(1, 1, 1, 1, 1);
        // 10 over five streams is 2 each; the two streams of 1 cannot, MX gives its 2, "" and US share the rest
        assertThat(Balancer.quotas(counts, even, null, 10L)).containsExactly(3, 1, 2, 1, 3);
        // the per-stream cap bounds every quota; the total is then not reached
        assertThat(Balancer.quotas(counts, even, 2L, 100L)).containsExactly(2, 1, 2, 1, 2);
        // weighted: 6 x count / 15, whole items by largest remainder
        assertThat(Balancer.quotas(counts, Balancer.weights(counts, true), null, 6L))
                .containsExactly(2, 0, 1, 0, 3);
        // no total: everything, up to the cap, even past a count (a search counts occurrences, not media)
        assertThat(counted(
                        drain(Balancer.exact(
                                streams(4, 1, 2, 1, 9),
                                counts,
                                even,
                                3L,
                                Balancer.quotas(counts, even, 3L, null),
                                new Random(1))),
                        5))
                .containsExactly(3, 1, 2, 1, 3);
        assertThat(counted(
                        drain(Balancer.exact(
                                streams(4, 1, 2, 1, 9),
                                counts,
                                even,
                                null,
                                Balancer.quotas(counts, even, null, null),
                                new Random(1))),
                        5))
                .containsExactly(4, 1, 2, 1, 9);
        // remainders tie: the earlier stream gets the extra item
        assertThat(Balancer.quotas(List.of(30L, 12L, 20L), new double[] {1, 1, 1}, null, 20L))
                .containsExactly(7, 7, 6);
    }

    @Test
    void theExactMixTakesEveryQuotaWhateverTheSeedAndInterleavesTheStreams() {
        List<Long> counts = List.of(188L, 152L, 158L);
        double[] w = {1, 1, 1};
        long total = Balancer.totalSamples(-1L, counts, null);
        long[] q = Balancer.quotas(counts, w, null, total);
        for (long seed = 1; seed <= 5; seed++) {
            List<String> got = drain(Balancer.exact(streams(188, 152, 158), counts, w, null, q, new Random(seed)));
            assertThat(counted(got, 3)).containsExactly(152, 152, 152);
            assertThat(got.subList(0, 30).stream().map(x -> x.charAt(0)).distinct())
                    .hasSize(3);
        }
    }

    @Test
    void aStreamThatHoldsLessThanCountedHandsItsQuotaToTheOthers() {
        // stream 1 was counted 10 but yields 2 (occurrences without a usable image, say)
        List<Long> counts = List.of(10L, 10L, 10L);
        double[] w = {1, 1, 1};
        long[] q = Balancer.quotas(counts, w, null, 15L);
        assertThat(q).containsExactly(5, 5, 5);
        List<String> got = drain(Balancer.exact(streams(10, 2, 10), counts, w, null, q, new Random(3)));
        assertThat(got).hasSize(15);
        long[] c = counted(got, 3);
        assertThat(c[1]).isEqualTo(2);
        assertThat(c[0] + c[2]).isEqualTo(13);
        assertThat(Math.abs(c[0] - c[2])).isLessThanOrEqualTo(1);
    }
}
