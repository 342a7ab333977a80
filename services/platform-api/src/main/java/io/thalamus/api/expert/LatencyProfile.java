package io.thalamus.api.expert;

/** Declared latency of one call, in milliseconds. */
public record LatencyProfile(int p50Ms, int p95Ms) {
}
