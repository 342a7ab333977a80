package io.thalamus.router.openai;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Limits of the OpenAI-compatible endpoints, on top of {@code thalamus.router.limits.*}. */
@ConfigMapping(prefix = "thalamus.router.openai")
public interface OpenAiConfig {

    /** Most texts one {@code /v1/embeddings} request may embed (each is one call to the expert). */
    @WithDefault("64")
    int maxEmbeddingInputs();

    /** Most images one {@code /v1/images/generations} request may ask for ({@code n}). */
    @WithDefault("4")
    int maxImagesPerRequest();

    /**
     * How long {@code /v1/images/generations} waits for a text-to-image job (text-to-image runs as a job); after
     * that it answers 504 naming the job, which stays readable at {@code GET /v1/tasks/{id}}.
     */
    @WithDefault("120s")
    Duration imageJobWait();

    /** How often the job is read while waiting. */
    @WithDefault("500ms")
    Duration imageJobPollInterval();
}
