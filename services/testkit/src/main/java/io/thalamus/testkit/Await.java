package io.thalamus.testkit;

import java.util.function.BooleanSupplier;

/** Waits for a condition in tests; the bound only keeps a broken build from hanging, it asserts nothing about speed. */
public final class Await {

    private Await() {
    }

    public static void until(String what, BooleanSupplier condition) {
        long giveUpAt = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > giveUpAt) {
                throw new AssertionError("gave up waiting until " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting until " + what, e);
            }
        }
    }
}
