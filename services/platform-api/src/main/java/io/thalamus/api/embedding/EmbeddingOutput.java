package io.thalamus.api.embedding;

/**
 * Output of the {@code embedding} task: the vector of the request's text, as the expert's encoder computes it
 * (L2-normalised for sentence encoders). Vectors are comparable only between experts serving the same model.
 *
 * @param dimensions length of {@code embedding}
 */
public record EmbeddingOutput(float[] embedding, int dimensions) {

    public static EmbeddingOutput of(float[] vector) {
        return new EmbeddingOutput(vector, vector.length);
    }
}
