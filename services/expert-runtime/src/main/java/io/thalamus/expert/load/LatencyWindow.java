package io.thalamus.expert.load;

import java.time.Duration;
import java.util.Arrays;

/**
 * The most recent calls (at most {@code capacity}, and only those that finished within {@code maxAge}):
 * their latency percentiles and the share that failed. Thread-safe.
 */
public final class LatencyWindow {

    private final long[] finishedAt;
    private final long[] latencyNanos;
    private final boolean[] failed;
    private final long maxAgeNanos;
    private int next;
    private int size;

    public LatencyWindow(int capacity, Duration maxAge) {
        this.finishedAt = new long[capacity];
        this.latencyNanos = new long[capacity];
        this.failed = new boolean[capacity];
        this.maxAgeNanos = maxAge.toNanos();
    }

    public synchronized void record(long nowNanos, long latency, boolean failure) {
        finishedAt[next] = nowNanos;
        latencyNanos[next] = latency;
        failed[next] = failure;
        next = (next + 1) % finishedAt.length;
        size = Math.min(size + 1, finishedAt.length);
    }

    public Stats stats(long nowNanos) {
        long[] latencies;
        int failures = 0;
        int count = 0;
        synchronized (this) {
            latencies = new long[size];
            for (int i = 0; i < size; i++) {
                if (nowNanos - finishedAt[i] <= maxAgeNanos) {
                    latencies[count++] = latencyNanos[i];
                    if (failed[i]) {
                        failures++;
                    }
                }
            }
        }
        if (count == 0) {
            return Stats.EMPTY;
        }
        long[] recent = Arrays.copyOf(latencies, count);
        Arrays.sort(recent);
        return new Stats(count, millis(percentile(recent, 0.50)), millis(percentile(recent, 0.95)),
                (double) failures / count);
    }

    /** The nearest-rank percentile {@code p} (0..1] of the recent latencies in nanoseconds, or -1 when there are none. */
    public long percentileNanos(long nowNanos, double p) {
        long[] recent;
        int count = 0;
        synchronized (this) {
            recent = new long[size];
            for (int i = 0; i < size; i++) {
                if (nowNanos - finishedAt[i] <= maxAgeNanos) {
                    recent[count++] = latencyNanos[i];
                }
            }
        }
        if (count == 0) {
            return -1;
        }
        long[] sorted = Arrays.copyOf(recent, count);
        Arrays.sort(sorted);
        return percentile(sorted, p);
    }

    /** Nearest-rank percentile of sorted values. */
    private static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }

    public record Stats(int calls, double p50Ms, double p95Ms, double errorRate) {
        static final Stats EMPTY = new Stats(0, 0, 0, 0);
    }
}
