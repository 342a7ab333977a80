package io.thalamus.router.quality;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import java.util.Set;

/**
 * Question-level quality prediction (docs/routing.md): for which tasks the experts are judged request by request,
 * and how the prediction is made from scored examples.
 */
@ConfigMapping(prefix = "thalamus.router.question-quality")
public interface QuestionQualityConfig {

    @WithDefault("true")
    boolean enabled();

    /** Tasks judged question by question; their examples are read from {@code quality/<task>-examples.tsv}. */
    @WithDefault("vqa")
    Set<String> tasks();

    /** How many of the most similar examples of a model count. */
    @WithDefault("10")
    @Min(1)
    int neighbours();

    /** Examples less similar than this (cosine) do not count. */
    @WithDefault("0.5")
    @Min(-1)
    @Max(1)
    double similarityFloor();

    /** What is predicted for a model where no example is similar: its quality there is unknown. */
    @WithDefault("0.5")
    @Min(0)
    @Max(1)
    double neutralQuality();

    /** How many examples' worth the neutral value weighs against the similar ones. */
    @WithDefault("1.0")
    @Min(0)
    double neutralWeight();

    /** Examples learned from feedback kept per model and task (the oldest are dropped). */
    @WithDefault("10000")
    @Min(0)
    int maxLearnedExamples();

    /** Longest request text kept for learning from feedback. */
    @WithDefault("1000")
    @Min(1)
    int maxQuestionChars();
}
