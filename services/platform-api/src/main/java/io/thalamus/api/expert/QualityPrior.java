package io.thalamus.api.expert;

/** Expected quality for one task in [0, 1], with where the figure came from (a benchmark, a paper...). */
public record QualityPrior(double score, String source) {
}
