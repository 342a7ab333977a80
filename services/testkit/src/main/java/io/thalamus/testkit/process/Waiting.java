package io.thalamus.testkit.process;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds, failing early through {@code stillStarting} when the server has died. */
public final class Waiting {

    private Waiting() {
    }

    /**
     * @param stillStarting called before every poll; throws when waiting is pointless (e.g. the process exited)
     * @return false when the timeout passed without the condition holding
     */
    public static boolean until(Duration timeout, Duration interval, Runnable stillStarting, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            stillStarting.run();
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(interval);
        }
    }

    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
