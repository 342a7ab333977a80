package io.thalamus.model;

import java.util.List;

/**
 * The centroid of a set of sentence vectors and the cosine similarity of a vector to it: how RouterRetriever
 * measures how well a query fits a domain given by a few example queries.
 */
public final class Centroids {

    private Centroids() {
    }

    /** The mean of the L2-normalised vectors, itself L2-normalised (so a dot product with it is a cosine). */
    public static float[] of(List<float[]> vectors) {
        if (vectors.isEmpty()) {
            throw new IllegalArgumentException("a centroid needs at least one vector");
        }
        float[] sum = new float[vectors.get(0).length];
        for (float[] vector : vectors) {
            if (vector.length != sum.length) {
                throw new IllegalArgumentException("vectors of " + sum.length + " and " + vector.length
                        + " dimensions");
            }
            double norm = norm(vector);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += norm == 0 ? 0 : (float) (vector[i] / norm);
            }
        }
        double norm = norm(sum);
        for (int i = 0; i < sum.length; i++) {
            sum[i] = norm == 0 ? 0 : (float) (sum[i] / norm);
        }
        return sum;
    }

    /** Cosine similarity of two vectors of the same dimension; 0 when either is all zeros. */
    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors of " + a.length + " and " + b.length + " dimensions");
        }
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
        }
        double norms = norm(a) * norm(b);
        return norms == 0 ? 0 : dot / norms;
    }

    private static double norm(float[] vector) {
        double sum = 0;
        for (float v : vector) {
            sum += (double) v * v;
        }
        return Math.sqrt(sum);
    }
}
