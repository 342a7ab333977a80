package io.thalamus.api.expert;

/** How much work an expert takes at once. */
public record Capacity(int maxConcurrency, int maxBatch) {
}
