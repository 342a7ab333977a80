package io.thalamus.diffusion.aptp;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/** The pruning losses of APTP besides the denoising and distillation errors. */
public final class AptpLosses {

    // Scalars are floats: a double operand on a 0-d float tensor would turn the loss into float64.

    private static final double CONTRAST_TEMPERATURE = 0.03;
    private static final float SPREAD_WEIGHT = 0.1f;
    private static final float LOG_EPSILON = 1e-6f;

    private AptpLosses() {
    }

    /**
     * Prompts similar in text space should get similar architectures: P_a = rowsoftmax(ê·êᵀ/0.03) over the
     * normalised gate logits, P_z = rowsoftmax(ẑ·ẑᵀ/0.03) over the normalised prompt vectors, mean BCE(P_a, P_z).
     */
    public static NDArray contrastive(NDArray gateLogits, NDArray promptVectors) {
        // clipped away from 0 and 1: the logs' gradients there are what makes a near one-hot row NaN
        NDArray pa = rowSoftmaxOfSimilarities(gateLogits).clip(LOG_EPSILON, 1 - LOG_EPSILON);
        NDArray pz = rowSoftmaxOfSimilarities(promptVectors).stopGradient();
        NDArray bce = pz.mul(pa.log()).add(pz.neg().add(1).mul(pa.neg().add(1).log()));
        return bce.mean().neg();
    }

    private static NDArray rowSoftmaxOfSimilarities(NDArray vectors) {
        NDArray unit = vectors.div(vectors.norm(new int[] {1}, true).add(1e-8f));
        return unit.matMul(unit.transpose()).div(CONTRAST_TEMPERATURE).softmax(1);
    }

    /**
     * |log(mean(r) / target)| + 0.1·(−std(r)) + 0.1·(1 − max(r)): the batch's average kept share towards the target,
     * while spreading the shares (some codes large, some small) and keeping at least one near the full network. With
     * one code there is nothing to spread (the max term would only pull that code above the target), so {@code
     * spread} false leaves the two terms out.
     */
    public static NDArray resource(NDArray ratios, double target, boolean spread) {
        NDArray mean = ratios.mean();
        NDArray towardsTarget = mean.div((float) target).log().abs();
        if (!spread) {
            return towardsTarget;
        }
        NDArray deviation = ratios.sub(mean).square().mean().add(1e-12f).sqrt();
        return towardsTarget.add(deviation.neg().mul(SPREAD_WEIGHT))
                .add(ratios.max().neg().add(1).mul(SPREAD_WEIGHT));
    }

    /**
     * Cross-entropy between the balanced assignment (targets, one row per prompt) and softmax(S/τ) of the prompts'
     * similarities to the codes: teaches the head to predict the code the transport step gives it, so that the
     * plain argmax used when serving picks that code.
     */
    public static NDArray assignment(NDArray similarities, NDArray targets, double temperature) {
        NDArray logProbabilities = similarities.div(temperature).logSoftmax(1);
        return targets.stopGradient().mul(logProbabilities).sum(new int[] {1}).mean().neg();
    }

    /**
     * Block-level distillation: the mean over the gated blocks of the squared difference between the pruned
     * network's block output and the full network's. Both lists are a forward pass's output with {@code
     * GatedUNet.BLOCK_FEATURES}: the prediction first, then the blocks' outputs.
     */
    public static NDArray blockDistillation(NDList student, NDList teacher) {
        if (student.size() != teacher.size() || student.size() < 2) {
            throw new IllegalArgumentException("both passes need the same block features");
        }
        NDArray sum = student.get(1).sub(teacher.get(1).stopGradient()).square().mean();
        for (int b = 2; b < student.size(); b++) {
            sum = sum.add(student.get(b).sub(teacher.get(b).stopGradient()).square().mean());
        }
        return sum.div((float) (student.size() - 1));
    }
}
