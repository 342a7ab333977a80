package io.thalamus.router.classification;

/**
 * A featurised example: its label index, its weight in the loss, the dense features (scaled
 * sentence vector and modality flags), the hashed sparse features, and which tasks the request
 * could have at all (a request without an image cannot be an image task: training applies the same
 * rule as inference, so image-task rows do not teach the text-only tasks anything about questions).
 */
public record TrainingRow(int label, double weight, float[] dense, SparseFeatures sparse, boolean[] possible) {
}
