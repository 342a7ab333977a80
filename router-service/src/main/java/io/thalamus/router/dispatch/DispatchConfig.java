package io.thalamus.router.dispatch;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Set;

@ConfigMapping(prefix = "thalamus.router.dispatch")
public interface DispatchConfig {

    /** Time to open a connection to an expert. */
    @WithDefault("2s")
    Duration connectTimeout();

    /** Attempts per request: the best expert, then the next best on a retryable failure. */
    @WithDefault("2")
    int maxAttempts();

    /**
     * Share of the time left before the deadline that one attempt may use when another attempt could still follow,
     * so a hanging expert leaves time for the next one. The last possible attempt gets all the time left.
     */
    @WithDefault("0.6")
    double attemptShare();

    /**
     * Tasks whose calls must not run twice: once the request reached the expert, a failure is not retried elsewhere
     * (only a refused connection or a 503 that says the expert did not start is).
     */
    @WithDefault("text-to-image")
    Set<String> nonIdempotentTasks();

    /** Largest expert response read; a longer one fails the call. */
    @WithDefault("33554432")
    int maxResponseBytes();
}
