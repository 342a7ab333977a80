package io.thalamus.api.routing;

/**
 * Weights of the selection score {@code quality − costWeight·credits − latencyWeight·seconds}.
 * Null fields fall back to the tenant's defaults.
 */
public record Tradeoff(Double costWeight, Double latencyWeight) {
}
