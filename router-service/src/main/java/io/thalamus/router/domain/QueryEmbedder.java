package io.thalamus.router.domain;

/** Turns a text into the sentence vector domain fit is measured with. Thread-safe. */
@FunctionalInterface
public interface QueryEmbedder {

    float[] embed(String text);
}
