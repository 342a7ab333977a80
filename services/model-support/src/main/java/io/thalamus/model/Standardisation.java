package io.thalamus.model;

import java.util.List;
import java.util.Properties;

/**
 * Per-dimension standardisation of sentence vectors: (v − mean) · scale, scale the inverse standard deviation.
 * Texts of one family (questions about scenes, image prompts) differ from each other in a small part of the
 * sentence space; standardising with the family's own statistics brings those differences out.
 */
public record Standardisation(float[] mean, float[] scale) {

    public Standardisation {
        if (mean.length != scale.length) {
            throw new IllegalArgumentException("mean and scale must have the same length");
        }
        mean = mean.clone();
        scale = scale.clone();
    }

    /** The statistics of a sample of vectors. */
    public static Standardisation of(List<float[]> vectors) {
        int dimension = vectors.get(0).length;
        double[] sum = new double[dimension];
        double[] squares = new double[dimension];
        for (float[] vector : vectors) {
            for (int d = 0; d < dimension; d++) {
                sum[d] += vector[d];
                squares[d] += (double) vector[d] * vector[d];
            }
        }
        float[] mean = new float[dimension];
        float[] scale = new float[dimension];
        for (int d = 0; d < dimension; d++) {
            double m = sum[d] / vectors.size();
            double variance = Math.max(0, squares[d] / vectors.size() - m * m);
            mean[d] = (float) m;
            scale[d] = (float) (1 / Math.sqrt(variance + 1e-6));
        }
        return new Standardisation(mean, scale);
    }

    public int dimension() {
        return mean.length;
    }

    public float[] apply(float[] vector) {
        float[] out = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            out[i] = (vector[i] - mean[i]) * scale[i];
        }
        return out;
    }

    /** Stores the statistics as {@code <prefix>-mean} and {@code <prefix>-scale}, comma-separated. */
    public void store(Properties properties, String prefix) {
        properties.setProperty(prefix + "-mean", join(mean));
        properties.setProperty(prefix + "-scale", join(scale));
    }

    public static Standardisation load(Properties properties, String prefix) {
        return new Standardisation(floats(properties, prefix + "-mean"), floats(properties, prefix + "-scale"));
    }

    private static String join(float[] values) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            out.append(i == 0 ? "" : ",").append(values[i]);
        }
        return out.toString();
    }

    private static float[] floats(Properties properties, String key) {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the model description has no '" + key + "'");
        }
        String[] parts = value.split(",");
        float[] values = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = Float.parseFloat(parts[i].trim());
        }
        return values;
    }
}
