package io.thalamus.api.routing;

/** An expert that was considered and not chosen, and why. */
public record Alternative(String expertId, ScoreTerms terms, String reason) {
}
