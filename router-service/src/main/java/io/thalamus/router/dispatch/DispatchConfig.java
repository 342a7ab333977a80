package io.thalamus.router.dispatch;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "thalamus.router.dispatch")
public interface DispatchConfig {

    /** Time to open a connection to an expert. */
    @WithDefault("2s")
    Duration connectTimeout();

    /** Attempts per request: the best expert, then the next best on a retryable failure. */
    @WithDefault("2")
    int maxAttempts();
}
