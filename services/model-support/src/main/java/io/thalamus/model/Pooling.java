package io.thalamus.model;

/** How token vectors become one sentence vector. */
public enum Pooling {
    /** Average of the token vectors under the attention mask (MiniLM, e5). */
    MEAN,
    /** The first token's vector (bge). */
    CLS
}
