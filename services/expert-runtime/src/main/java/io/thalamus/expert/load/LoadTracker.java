package io.thalamus.expert.load;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.thalamus.api.registry.LoadReport;
import io.thalamus.expert.config.ExpertConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Live load of this expert: requests waiting, requests the model is working on, and the latency and error rate
 * of recent calls. Feeds the heartbeat's {@link LoadReport} and the Micrometer meters.
 *
 * <p>Latency is measured from admission to completion, so it includes time spent queued and batching.
 */
@ApplicationScoped
public class LoadTracker {

    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LatencyWindow window;
    private final MeterRegistry meters;
    private final DistributionSummary batchSizes;
    private final Timer computeTime;

    public LoadTracker(ExpertConfig config, MeterRegistry meters) {
        this.window = new LatencyWindow(config.load().windowSize(), config.load().windowDuration());
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

    /** A request that reached the model (or expired in the queue) finished. */
    public void finished(String task, Outcome outcome, long latencyNanos) {
        inFlight.decrementAndGet();
        window.record(System.nanoTime(), latencyNanos, outcome.isError());
        count(task, outcome);
        Timer.builder("thalamus.expert.latency")
                .description("Time from admission to response, queueing included")
                .tag("task", task)
                .publishPercentileHistogram()
                .register(meters)
                .record(latencyNanos, TimeUnit.NANOSECONDS);
    }

    /** A request that never reached the queue (invalid or rejected). */
    public void refused(String task, Outcome outcome) {
        count(task, outcome);
    }

    public void batchRan(int size, long computeNanos) {
        batchSizes.record(size);
        computeTime.record(computeNanos, TimeUnit.NANOSECONDS);
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

    private void count(String task, Outcome outcome) {
        meters.counter("thalamus.expert.invocations", "task", task, "outcome", outcome.tag()).increment();
    }
}
