package io.thalamus.router.health;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;

/** How the router judges experts from its own calls: latency average and circuit breaker. */
@ConfigMapping(prefix = "thalamus.router.health")
public interface HealthConfig {

    /** α of the latency moving average: the weight of the newest call. */
    @WithName("latency-ewma-weight")
    @WithDefault("0.3")
    double latencyEwmaWeight();

    Breaker breaker();

    interface Breaker {

        /** Calls the failure ratio is computed over (the most recent ones). */
        @WithDefault("20")
        int windowSize();

        /** Calls in the window before the breaker may open. */
        @WithDefault("5")
        int minimumCalls();

        /** Share of failed calls in the window that opens the breaker. */
        @WithDefault("0.5")
        double failureRatio();

        /** How long an open breaker keeps the expert out of selection before a trial call. */
        @WithDefault("30s")
        Duration openDuration();

        /** Trial calls let through when half-open; all must succeed to close the breaker. */
        @WithDefault("1")
        int halfOpenTrials();
    }
}
