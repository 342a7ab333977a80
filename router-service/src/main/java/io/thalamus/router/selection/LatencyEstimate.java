package io.thalamus.router.selection;

import io.thalamus.api.registry.LoadReport;
import io.thalamus.api.registry.RegisteredExpert;
import io.thalamus.api.routing.LatencyInputs;
import io.thalamus.router.health.ObservedLatency;

import java.util.Optional;

/**
 * Expected latency of one more call to an expert:
 * {@code base · (1 + (inFlight + queueDepth) / maxConcurrency)}.
 *
 * <p>{@code base} is the moving average of latencies this router observed for the expert; before its first call,
 * the p50 the expert reports in heartbeats, else the p50 it declared. {@code inFlight} is the larger of the
 * heartbeat's figure and this router's own calls in progress (heartbeats are seconds old), {@code queueDepth} comes
 * from the heartbeat. Every call ahead stretches the base by 1/maxConcurrency: the expert's slots (and its
 * accelerator) are shared among them.
 */
public final class LatencyEstimate {

    private LatencyEstimate() {
    }

    public static LatencyInputs of(RegisteredExpert expert, Optional<ObservedLatency.Estimate> observed,
                                   int routerInFlight) {
        LoadReport load = expert.load();
        Double heartbeatP50 = load != null && load.latencyP50Ms() > 0 ? load.latencyP50Ms() : null;
        Integer declaredP50 = expert.descriptor().latency() != null && expert.descriptor().latency().p50Ms() > 0
                ? expert.descriptor().latency().p50Ms() : null;
        String source;
        double base;
        if (observed.isPresent()) {
            source = "router-ewma";
            base = observed.get().averageMs();
        } else if (heartbeatP50 != null) {
            source = "heartbeat-p50";
            base = heartbeatP50;
        } else if (declaredP50 != null) {
            source = "declared-p50";
            base = declaredP50;
        } else {
            source = "none";
            base = 0;
        }
        int inFlight = Math.max(routerInFlight, load == null ? 0 : load.inFlight());
        int queueDepth = load == null ? 0 : load.queueDepth();
        int concurrency = maxConcurrency(expert);
        return new LatencyInputs(source, base, observed.map(ObservedLatency.Estimate::averageMs).orElse(null),
                observed.map(ObservedLatency.Estimate::samples).orElse(null), heartbeatP50, declaredP50,
                inFlight, queueDepth, concurrency);
    }

    public static double expectedMs(LatencyInputs inputs) {
        return inputs.baseMs() * (1.0 + (double) (inputs.inFlight() + inputs.queueDepth()) / inputs.maxConcurrency());
    }

    /** Calls in progress or waiting, per slot: what near-ties are compared on. */
    public static double loadPerSlot(LatencyInputs inputs) {
        return (double) (inputs.inFlight() + inputs.queueDepth()) / inputs.maxConcurrency();
    }

    static int maxConcurrency(RegisteredExpert expert) {
        return expert.descriptor().capacity() == null ? 1 : Math.max(1, expert.descriptor().capacity().maxConcurrency());
    }
}
