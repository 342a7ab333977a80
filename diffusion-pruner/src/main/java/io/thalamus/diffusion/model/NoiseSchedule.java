package io.thalamus.diffusion.model;

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
