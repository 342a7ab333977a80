package io.thalamus.diffusion.model;

import java.util.Random;

/**
 * The DDPM forward process with the cosine schedule of Nichol and Dhariwal: x_t = √ᾱ_t·x_0 + √(1−ᾱ_t)·ε for t in
 * 0 … T−1, with β_t capped at 0.999.
 */
public final class NoiseSchedule {

    public static final int STEPS = 1000;
    private static final double OFFSET = 0.008;

    private final double[] alphaBar = new double[STEPS];

    public NoiseSchedule() {
        double product = 1;
        for (int t = 0; t < STEPS; t++) {
            double beta = Math.min(0.999, 1 - cosine(t + 1) / cosine(t));
            product *= 1 - beta;
            alphaBar[t] = product;
        }
    }

    private static double cosine(double t) {
        double c = Math.cos((t / STEPS + OFFSET) / (1 + OFFSET) * Math.PI / 2);
        return c * c;
    }

    /** ᾱ_t, the share of the signal's variance left at step t. */
    public double alphaBar(int t) {
        return alphaBar[t];
    }

    /** Images noised for training: x_t, what the network should predict for them, and each image's timestep t. */
    public record Noised(float[] noisy, float[] target, float[] timesteps) {
    }

    /** Noises a batch of images [B, 3, S, S] (values in [−1, 1]) each at a timestep drawn uniformly. */
    public Noised noise(float[] images, int batch, Random random, Prediction prediction) {
        int pixels = images.length / batch;
        float[] target = new float[images.length];
        float[] noisy = new float[images.length];
        float[] timesteps = new float[batch];
        for (int b = 0; b < batch; b++) {
            int t = random.nextInt(STEPS);
            timesteps[b] = t;
            double signal = Math.sqrt(alphaBar[t]);
            double spread = Math.sqrt(1 - alphaBar[t]);
            for (int i = b * pixels; i < (b + 1) * pixels; i++) {
                float noise = (float) random.nextGaussian();
                noisy[i] = (float) (signal * images[i] + spread * noise);
                target[i] = prediction.target(images[i], noise, alphaBar[t]);
            }
        }
        return new Noised(noisy, target, timesteps);
    }

    /** Evenly spaced timesteps from the noisiest down, for a sampler of {@code count} steps. */
    public int[] samplingSteps(int count) {
        if (count < 1 || count > STEPS) {
            throw new IllegalArgumentException("sampling steps must be between 1 and " + STEPS);
        }
        int[] steps = new int[count];
        for (int i = 0; i < count; i++) {
            steps[i] = (int) Math.round((STEPS - 1) * (1 - (double) i / count));
        }
        return steps;
    }
}
