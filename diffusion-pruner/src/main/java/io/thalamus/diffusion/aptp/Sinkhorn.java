package io.thalamus.diffusion.aptp;

import ai.djl.ndarray.NDArray;

/**
 * Balanced assignment of a batch to architecture codes by Sinkhorn-Knopp iterations (as in SwAV): from similarities
 * S [B, K], Q = exp(S/ε)ᵀ is scaled alternately so that every code receives 1/K of the mass and every prompt 1/B,
 * then multiplied by B so each prompt's row sums to one. Taking each prompt's largest entry spreads the batch
 * evenly over the codes instead of letting every prompt fall on the most popular one. No gradient flows through
 * it.
 */
public final class Sinkhorn {

    public static final double EPSILON = 0.05;
    public static final int ITERATIONS = 3;

    private Sinkhorn() {
    }

    /** The transport plan [B, K], each row summing to one. */
    public static NDArray balance(NDArray similarities, double epsilon, int iterations) {
        NDArray scores = similarities.stopGradient();
        long batch = scores.getShape().get(0);
        long codes = scores.getShape().get(1);
        // subtracting the maximum keeps exp finite; the scaling below removes the constant again
        NDArray q = scores.sub(scores.max()).div(epsilon).exp().transpose(); // [K, B]
        q = q.div(q.sum());
        for (int i = 0; i < iterations; i++) {
            q = q.div(q.sum(new int[] {1}, true)).div(codes);
            q = q.div(q.sum(new int[] {0}, true)).div(batch);
        }
        return q.mul(batch).transpose();
    }

    /** Each row's code: the index of its largest entry. */
    public static int[] assign(NDArray plan) {
        long[] indices = plan.argMax(1).toLongArray();
        int[] codes = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            codes[i] = (int) indices[i];
        }
        return codes;
    }
}
