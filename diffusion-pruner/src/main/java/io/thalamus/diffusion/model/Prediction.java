package io.thalamus.diffusion.model;

import ai.djl.ndarray.NDArray;

import java.util.Locale;

/**
 * What the UNet predicts from an image noised to x_t = √ᾱ·x₀ + √(1−ᾱ)·ε.
 *
 * <p>{@link #EPSILON} is the noise ε. Near pure noise (ᾱ → 0) the clean image it implies, (x_t − √(1−ᾱ)·ε̂)/√ᾱ,
 * multiplies the smallest error in ε̂ by 1/√ᾱ, so the first sampling steps settle the overall picture (the white
 * background, the colours) on almost no signal. {@link #VELOCITY} is v = √ᾱ·ε − √(1−ᾱ)·x₀ (Salimans and Ho): it is
 * about ε when little noise is left and about −x₀ near pure noise, and the clean image follows from it without
 * dividing by √ᾱ.
 */
public enum Prediction {
    EPSILON, VELOCITY;

    /** The training target of one value: its clean value and the noise added to it at ᾱ. */
    public float target(float clean, float noise, double alphaBar) {
        if (this == EPSILON) {
            return noise;
        }
        return (float) (Math.sqrt(alphaBar) * noise - Math.sqrt(1 - alphaBar) * clean);
    }

    /** The clean image implied by the network's output for the noisy image x at ᾱ. */
    public NDArray clean(NDArray x, NDArray output, double alphaBar) {
        if (this == EPSILON) {
            return x.sub(output.mul(Math.sqrt(1 - alphaBar))).div(Math.sqrt(alphaBar));
        }
        return x.mul(Math.sqrt(alphaBar)).sub(output.mul(Math.sqrt(1 - alphaBar)));
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Prediction of(String key) {
        for (Prediction prediction : values()) {
            if (prediction.key().equals(key.trim().toLowerCase(Locale.ROOT))) {
                return prediction;
            }
        }
        throw new IllegalArgumentException("unknown prediction '" + key + "' (epsilon or velocity)");
    }
}
