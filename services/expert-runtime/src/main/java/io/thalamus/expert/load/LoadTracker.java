package io.thalamus.expert.load;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.thalamus.api.registry.LoadReport;
import io.thalamus.expert.config.ExpertConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Live load of this expert: requests waiting, requests the model is working on, and the latency and error rate
 * of recent calls. Feeds the heartbeat's {@link LoadReport} and the Micrometer meters.
 *
 * <p>Latency is measured from admission to completion, so it includes time spent queued and batching. The wall time
 * of recent model calls is kept apart ({@link #recentBatchNanos()}): the micro-batcher uses it to close a batch in
 * time for its requests' deadlines.
 */
@ApplicationScoped
public class LoadTracker {

    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LatencyWindow window;
    private final LatencyWindow batchWindow;
    private final long windowNanos;
    /** p95 of {@link #batchWindow} as of the last model call, and when that call finished; -1 before the first. */
    private volatile long batchP95Nanos = -1;
    private volatile long lastBatchAtNanos;
    private final MeterRegistry meters;
    private final DistributionSummary batchSizes;
    private final Timer computeTime;

    public LoadTracker(ExpertConfig config, MeterRegistry meters) {
        this.window = new LatencyWindow(config.load().windowSize(), config.load().windowDuration());
        this.batchWindow = new LatencyWindow(config.load().windowSize(), config.load().windowDuration());
        this.windowNanos = config.load().windowDuration().toNanos();
        this.meters = meters;
        Gauge.builder("thalamus.expert.queue.depth", queued, AtomicInteger::get)
                .description("Requests waiting for the model")
                .register(meters);
        Gauge.builder("thalamus.expert.in.flight", inFlight, AtomicInteger::get)
                .description("Requests the model is working on")
                .register(meters);
        this.batchSizes = DistributionSummary.builder("thalamus.expert.batch.size")
                .description("Requests handed to the model per call")
                .publishPercentileHistogram()
                .minimumExpectedValue(1.0)
                .maximumExpectedValue((double) Math.max(2, config.capacity().maxBatch()))
                .register(meters);
        this.computeTime = Timer.builder("thalamus.expert.compute")
                .description("Wall time of one model call (a whole batch)")
                .publishPercentileHistogram()
                .register(meters);
    }

    public void admitted(int requests) {
        queued.addAndGet(requests);
    }

    /** Requests left the queue for the model. */
    public void started(int requests) {
        queued.addAndGet(-requests);
        inFlight.addAndGet(requests);
    }

    /** Requests left the queue without reaching the model (shutdown). */
    public void abandoned(int requests) {
        queued.addAndGet(-requests);
    }

    /** A request that left the queue for the model finished (or expired before the model got to it). */
    public void finished(String task, Outcome outcome, long latencyNanos) {
        inFlight.decrementAndGet();
        record(task, outcome, latencyNanos);
    }

    /**
     * A request's deadline passed while it waited in the queue; it leaves the queue without reaching the model. Counts
     * as {@link Outcome#EXPIRED}, an error, like a request that expires after leaving the queue.
     */
    public void expiredInQueue(String task, long latencyNanos) {
        queued.decrementAndGet();
        record(task, Outcome.EXPIRED, latencyNanos);
    }

    /** A request that never reached the queue (invalid or rejected). */
    public void refused(String task, Outcome outcome) {
        count(task, outcome);
    }

    public void batchRan(int size, long computeNanos) {
        batchSizes.record(size);
        computeTime.record(computeNanos, TimeUnit.NANOSECONDS);
        long now = System.nanoTime();
        batchWindow.record(now, computeNanos, false);
        // Worked out here, once per model call, rather than on every scheduling decision of the batcher.
        batchP95Nanos = batchWindow.percentileNanos(now, 0.95);
        lastBatchAtNanos = now;
    }

    /**
     * The 95th percentile wall time of the recent model calls (the load window's), or empty when no model call
     * finished within {@code load.window-duration}.
     */
    public OptionalLong recentBatchNanos() {
        long p95 = batchP95Nanos;
        if (p95 < 0 || System.nanoTime() - lastBatchAtNanos > windowNanos) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(p95);
    }

    public int queueDepth() {
        return queued.get();
    }

    public int inFlight() {
        return inFlight.get();
    }

    public boolean idle() {
        return queued.get() == 0 && inFlight.get() == 0;
    }

    public LoadReport report() {
        LatencyWindow.Stats stats = window.stats(System.nanoTime());
        return new LoadReport(inFlight.get(), queued.get(), stats.p50Ms(), stats.p95Ms(), stats.errorRate());
    }

    private void record(String task, Outcome outcome, long latencyNanos) {
        window.record(System.nanoTime(), latencyNanos, outcome.isError());
        count(task, outcome);
        Timer.builder("thalamus.expert.latency")
                .description("Time from admission to response, queueing included")
                .tag("task", task)
                .publishPercentileHistogram()
                .register(meters)
                .record(latencyNanos, TimeUnit.NANOSECONDS);
    }

    private void count(String task, Outcome outcome) {
        meters.counter("thalamus.expert.invocations", "task", task, "outcome", outcome.tag()).increment();
    }
}
