package io.thalamus.router.quality;

/** A request (its sentence vector) and how well one model answered it, from 0 to 1. */
record ScoredExample(float[] vector, double score) {
}
