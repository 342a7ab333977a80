package io.thalamus.router.bench;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/** Latencies (nanoseconds) of the calls of one kind, with their outcomes counted; thread-safe. */
final class Samples {

    private long[] nanos = new long[1024];
    private int size;
    private final Map<String, Integer> outcomes = new TreeMap<>();
    private String firstError;

    synchronized void ok(long elapsedNanos) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = elapsedNanos;
    }

    /** A call that is not counted in the latencies, e.g. {@code "error 503"} or {@code "abstained (422)"}. */
    synchronized void other(String outcome, String detail, boolean error) {
        outcomes.merge(outcome, 1, Integer::sum);
        if (error && firstError == null) {
            firstError = outcome + ": " + (detail.length() > 300 ? detail.substring(0, 300) + "…" : detail);
        }
    }

    synchronized int count() {
        return size;
    }

    synchronized Map<String, Integer> outcomes() {
        return new TreeMap<>(outcomes);
    }

    synchronized int errors() {
        return outcomes.entrySet().stream().filter(e -> e.getKey().startsWith("error"))
                .mapToInt(Map.Entry::getValue).sum();
    }

    synchronized String firstError() {
        return firstError;
    }

    /** Nearest-rank percentile in milliseconds, NaN without samples. */
    synchronized double percentileMs(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))] / 1e6;
    }

    synchronized double meanMs() {
        return size == 0 ? Double.NaN : Arrays.stream(nanos, 0, size).average().orElse(Double.NaN) / 1e6;
    }

    synchronized long[] raw() {
        return Arrays.copyOf(nanos, size);
    }
}
