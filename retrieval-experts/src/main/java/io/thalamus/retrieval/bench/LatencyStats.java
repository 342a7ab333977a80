package io.thalamus.retrieval.bench;

import java.util.Arrays;

/**
 * Summary of latency samples in milliseconds: count, mean and nearest-rank percentiles (the p-th percentile is the
 * smallest sample with at least p of all samples at or below it).
 */
public record LatencyStats(int count, double mean, double p50, double p90, double p99, double max) {

    public static LatencyStats of(double[] samples) {
        if (samples.length == 0) {
            return new LatencyStats(0, 0, 0, 0, 0, 0);
        }
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        return new LatencyStats(sorted.length, Arrays.stream(sorted).average().orElse(0), percentile(sorted, 0.50),
                percentile(sorted, 0.90), percentile(sorted, 0.99), sorted[sorted.length - 1]);
    }

    /** Nearest-rank percentile of ascending samples, {@code p} in (0, 1]. */
    static double percentile(double[] sorted, double p) {
        if (p <= 0 || p > 1) {
            throw new IllegalArgumentException("p must be in (0, 1]");
        }
        // the tolerance keeps e.g. 0.9 * 10 = 9.000000000000002 at rank 9
        int rank = (int) Math.ceil(p * sorted.length - 1e-9);
        return sorted[Math.max(0, rank - 1)];
    }
}
