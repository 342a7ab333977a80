package io.thalamus.api.routing;

/** The parts of an expert's selection score. */
public record ScoreTerms(double quality, double credits, double expectedLatencyMs, double score) {
}
