package io.thalamus.router.task;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Explicit limits on what a request may carry and how long it may take. */
@ConfigMapping(prefix = "thalamus.router.limits")
public interface TaskLimits {

    @WithDefault("16384")
    int maxTextChars();

    @WithDefault("8388608")
    int maxImageBytes();

    /** Deadline of a request that names none. */
    @WithDefault("30000")
    int defaultTimeoutMs();

    /** Longest deadline a request may ask for. */
    @WithDefault("120000")
    int maxTimeoutMs();
}
