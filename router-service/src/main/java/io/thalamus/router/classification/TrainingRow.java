package io.thalamus.router.classification;

/**
 * A featurised example: its label index, its weight in the loss, the dense features (scaled
 * sentence vector and modality flags) and the hashed sparse features.
 */
public record TrainingRow(int label, double weight, float[] dense, SparseFeatures sparse) {
}
