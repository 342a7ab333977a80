package io.thalamus.api.routing;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The parts of an expert's selection score: {@code score = quality − costWeight·credits − latencyWeight·expectedLatencyMs/1000}.
 *
 * @param quality        predicted quality: the registered prior, moved by the feedback received so far
 * @param qualityPrior   the prior the expert registered for the task
 * @param feedbackCount  feedback scores that moved the prior
 * @param costWeight     λ used for this request
 * @param latencyWeight  μ used for this request
 * @param latencyInputs  the live figures the expected latency was computed from
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScoreTerms(
        double quality,
        double credits,
        double expectedLatencyMs,
        double score,
        Double qualityPrior,
        Integer feedbackCount,
        Double costWeight,
        Double latencyWeight,
        LatencyInputs latencyInputs) {

    public ScoreTerms(double quality, double credits, double expectedLatencyMs, double score) {
        this(quality, credits, expectedLatencyMs, score, null, null, null, null, null);
    }
}
