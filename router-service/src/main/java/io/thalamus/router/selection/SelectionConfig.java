package io.thalamus.router.selection;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Default weights of the selection score, used when neither the request nor the tenant sets them. */
@ConfigMapping(prefix = "thalamus.router.selection")
public interface SelectionConfig {

    /** λ: score points lost per credit. */
    @WithDefault("0.05")
    double costWeight();

    /** μ: score points lost per second of expected latency. */
    @WithDefault("0.1")
    double latencyWeight();

    /** Candidates within this many score points of the best are near-ties, spread by load (power of two choices). */
    @WithDefault("0.02")
    double tieEpsilon();
}
