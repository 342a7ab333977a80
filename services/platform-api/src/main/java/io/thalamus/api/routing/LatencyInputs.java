package io.thalamus.api.routing;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What an expert's expected latency was computed from:
 * {@code expected = baseMs · (1 + (inFlight + queueDepth) / maxConcurrency)}.
 *
 * @param baseSource     {@code router-ewma} (latency the router observed), {@code heartbeat-p50}, {@code declared-p50}
 *                       or {@code none}
 * @param baseMs         the per-call latency used as base
 * @param routerEwmaMs   moving average of the latency this router observed, when it has observed any
 * @param routerSamples  calls that average is made of
 * @param heartbeatP50Ms p50 the expert last reported in its heartbeat
 * @param declaredP50Ms  p50 the expert declared at registration
 * @param inFlight       calls in progress: the larger of the heartbeat figure and this router's own count
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LatencyInputs(
        String baseSource,
        double baseMs,
        Double routerEwmaMs,
        Long routerSamples,
        Double heartbeatP50Ms,
        Integer declaredP50Ms,
        int inFlight,
        int queueDepth,
        int maxConcurrency) {
}
