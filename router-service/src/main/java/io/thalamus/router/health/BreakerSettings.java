package io.thalamus.router.health;

import java.time.Duration;

/** The figures one circuit breaker works with (see {@link HealthConfig.Breaker}). */
public record BreakerSettings(int windowSize, int minimumCalls, double failureRatio, Duration openDuration,
                              int halfOpenTrials) {

    public BreakerSettings {
        if (windowSize < 1 || minimumCalls < 1 || minimumCalls > windowSize) {
            throw new IllegalArgumentException("breaker needs 1 ≤ minimumCalls ≤ windowSize, was "
                    + minimumCalls + " and " + windowSize);
        }
        if (!(failureRatio > 0 && failureRatio <= 1)) {
            throw new IllegalArgumentException("breaker failure ratio must be in (0, 1], was " + failureRatio);
        }
        if (openDuration.isNegative() || halfOpenTrials < 1) {
            throw new IllegalArgumentException("breaker needs a non-negative open duration and at least one trial");
        }
    }

    public static BreakerSettings of(HealthConfig.Breaker config) {
        return new BreakerSettings(config.windowSize(), config.minimumCalls(), config.failureRatio(),
                config.openDuration(), config.halfOpenTrials());
    }
}
