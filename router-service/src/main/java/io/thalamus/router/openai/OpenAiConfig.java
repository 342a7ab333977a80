package io.thalamus.router.openai;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of the OpenAI-compatible endpoints, on top of {@code thalamus.router.limits.*}. */
@ConfigMapping(prefix = "thalamus.router.openai")
public interface OpenAiConfig {

    /** Most texts one {@code /v1/embeddings} request may embed (each is one call to the expert, batched there). */
    @WithDefault("64")
    int maxEmbeddingInputs();

    /** Most images one {@code /v1/images/generations} request may ask for ({@code n}). */
    @WithDefault("4")
    int maxImagesPerRequest();
}
