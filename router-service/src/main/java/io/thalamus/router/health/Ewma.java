package io.thalamus.router.health;

/**
 * Exponentially weighted moving average: {@code avg ← avg + α·(x − avg)}, the first sample taken as it is.
 * Thread-safe.
 */
public final class Ewma {

    private final double alpha;
    private double average;
    private long samples;

    public Ewma(double alpha) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("EWMA weight must be in (0, 1], was " + alpha);
        }
        this.alpha = alpha;
    }

    public synchronized void add(double value) {
        average = samples == 0 ? value : average + alpha * (value - average);
        samples++;
    }

    public synchronized double average() {
        return average;
    }

    public synchronized long samples() {
        return samples;
    }
}
