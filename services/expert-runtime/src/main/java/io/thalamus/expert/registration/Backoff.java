package io.thalamus.expert.registration;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff: the first wait is {@code initial}, each further one doubles up to {@code max}. Up to 20%
 * random extra (still capped at {@code max}) keeps many experts from retrying in step after a registry restart.
 * Not thread-safe.
 */
public final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private long nextMillis;

    public Backoff(Duration initial, Duration max) {
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.nextMillis = initialMillis;
    }

    public Duration next() {
        long base = nextMillis;
        nextMillis = Math.min(maxMillis, nextMillis * 2);
        long jitter = (long) (base * 0.2 * ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis(Math.min(maxMillis, base + jitter));
    }

    public void reset() {
        nextMillis = initialMillis;
    }
}
