package io.thalamus.retrieval.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LatencyStatsTest {

    @Test
    void nearestRankPercentilesOfUnsortedSamples() {
        double[] samples = {10, 1, 9, 2, 8, 3, 7, 4, 6, 5};

        LatencyStats stats = LatencyStats.of(samples);

        assertThat(stats.count()).isEqualTo(10);
        assertThat(stats.mean()).isCloseTo(5.5, within(1e-12));
        assertThat(stats.p50()).isEqualTo(5);
        assertThat(stats.p90()).isEqualTo(9); // 0.9 * 10 is rank 9 despite floating-point rounding
        assertThat(stats.p99()).isEqualTo(10);
        assertThat(stats.max()).isEqualTo(10);
        assertThat(samples[0]).isEqualTo(10); // the caller's array is left as it was
    }

    @Test
    void p99OfAHundredSamplesIsTheSecondLargest() {
        double[] samples = new double[100];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = i + 1;
        }

        assertThat(LatencyStats.of(samples).p99()).isEqualTo(99);
        assertThat(LatencyStats.of(new double[] {42}).p50()).isEqualTo(42);
        assertThat(LatencyStats.of(new double[0]).count()).isZero();
    }
}
