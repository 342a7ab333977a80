package io.thalamus.router.quota;

import io.thalamus.api.invoke.Usage;

/**
 * An amount of a daily budget: credits, counted in millionths so that Redis adds them exactly, and GPU time.
 */
public record Budget(long microCredits, long gpuMillis) {

    public static final Budget ZERO = new Budget(0, 0);

    public static Budget of(Usage usage) {
        return usage == null ? ZERO : new Budget(Math.round(usage.credits() * 1_000_000), usage.gpuMillis());
    }

    public static Budget of(double credits, long gpuMillis) {
        return new Budget(Math.round(credits * 1_000_000), gpuMillis);
    }

    static long micro(long credits) {
        return credits * 1_000_000;
    }

    public double credits() {
        return microCredits / 1_000_000.0;
    }

    public Budget minus(Budget other) {
        return new Budget(microCredits - other.microCredits, gpuMillis - other.gpuMillis);
    }

    public Budget negate() {
        return new Budget(-microCredits, -gpuMillis);
    }
}
