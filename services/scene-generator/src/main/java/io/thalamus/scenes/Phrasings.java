package io.thalamus.scenes;

/**
 * Which phrasings of a question kind a generator uses. The last phrasing of each kind is held out of training,
 * to measure whether a model understands paraphrases it never saw.
 */
public enum Phrasings {
    ALL,
    TRAINING,
    HELD_OUT
}
