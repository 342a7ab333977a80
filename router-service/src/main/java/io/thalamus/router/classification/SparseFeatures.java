package io.thalamus.router.classification;

/** Hashed features of one text: bucket indices (may repeat) and their signed values. */
public record SparseFeatures(int[] index, float[] value) {
}
