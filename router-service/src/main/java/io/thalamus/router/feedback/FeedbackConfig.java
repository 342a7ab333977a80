package io.thalamus.router.feedback;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How long the router remembers which expert served a task, and how strongly feedback moves quality. */
@ConfigMapping(prefix = "thalamus.router.feedback")
public interface FeedbackConfig {

    /** How long after it was served a task can receive feedback. */
    @WithDefault("24h")
    Duration retention();

    /** Most served tasks remembered; the oldest are forgotten first. */
    @WithDefault("100000")
    int maxTasks();

    /** Weight of a registered quality prior, in feedback scores: the prior counts as this many observations. */
    @WithDefault("20")
    double priorWeight();

    @WithDefault("2000")
    int maxCommentChars();
}
