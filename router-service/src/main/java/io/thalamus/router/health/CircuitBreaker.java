package io.thalamus.router.health;

import java.util.function.LongSupplier;

/**
 * A circuit breaker for one expert.
 *
 * <ul>
 *   <li>CLOSED: calls pass; the outcomes of the last {@code windowSize} calls are kept. Once the window holds at
 *       least {@code minimumCalls} outcomes and the failed share reaches {@code failureRatio}, it opens.</li>
 *   <li>OPEN: no calls for {@code openDuration}; then it is half-open.</li>
 *   <li>HALF_OPEN: up to {@code halfOpenTrials} trial calls at a time. A failed trial opens it again; once that many
 *       trials succeeded it closes with an empty window. A trial abandoned without an outcome frees its place.</li>
 * </ul>
 * Thread-safe. Time comes from a nanosecond clock so tests can move it.
 */
public final class CircuitBreaker {

    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final BreakerSettings settings;
    private final LongSupplier nanoClock;
    private final boolean[] window;
    private int windowNext;
    private int windowCount;
    private int windowFailures;
    private State state = State.CLOSED;
    private long openedAtNanos;
    private int trialsInFlight;
    private int trialsSucceeded;

    public CircuitBreaker(BreakerSettings settings, LongSupplier nanoClock) {
        this.settings = settings;
        this.nanoClock = nanoClock;
        this.window = new boolean[settings.windowSize()];
    }

    public synchronized State state() {
        refresh();
        return state;
    }

    /** Whether a call could be let through now (does not take a trial place). */
    public synchronized boolean admitsCalls() {
        refresh();
        return state == State.CLOSED || state == State.HALF_OPEN && trialsInFlight < settings.halfOpenTrials();
    }

    /** Takes permission for one call; every granted call must end in {@link #onSuccess}, {@link #onFailure} or {@link #onAbandon}. */
    public synchronized boolean tryAcquire() {
        refresh();
        if (state == State.CLOSED) {
            return true;
        }
        if (state == State.HALF_OPEN && trialsInFlight < settings.halfOpenTrials()) {
            trialsInFlight++;
            return true;
        }
        return false;
    }

    public synchronized void onSuccess() {
        if (state == State.HALF_OPEN) {
            trialsInFlight = Math.max(0, trialsInFlight - 1);
            trialsSucceeded++;
            if (trialsSucceeded >= settings.halfOpenTrials()) {
                close();
            }
        } else if (state == State.CLOSED) {
            recordOutcome(false);
        }
    }

    public synchronized void onFailure() {
        if (state == State.HALF_OPEN) {
            open();
        } else if (state == State.CLOSED) {
            recordOutcome(true);
            if (windowCount >= settings.minimumCalls()
                    && (double) windowFailures / windowCount >= settings.failureRatio()) {
                open();
            }
        }
    }

    /** A granted call ended without telling anything about the expert (e.g. the caller went away). */
    public synchronized void onAbandon() {
        if (state == State.HALF_OPEN) {
            trialsInFlight = Math.max(0, trialsInFlight - 1);
        }
    }

    private void refresh() {
        if (state == State.OPEN && nanoClock.getAsLong() - openedAtNanos >= settings.openDuration().toNanos()) {
            state = State.HALF_OPEN;
            trialsInFlight = 0;
            trialsSucceeded = 0;
        }
    }

    private void recordOutcome(boolean failed) {
        if (windowCount == window.length) {
            if (window[windowNext]) {
                windowFailures--;
            }
        } else {
            windowCount++;
        }
        window[windowNext] = failed;
        if (failed) {
            windowFailures++;
        }
        windowNext = (windowNext + 1) % window.length;
    }

    private void open() {
        state = State.OPEN;
        openedAtNanos = nanoClock.getAsLong();
        trialsInFlight = 0;
        trialsSucceeded = 0;
    }

    private void close() {
        state = State.CLOSED;
        windowNext = 0;
        windowCount = 0;
        windowFailures = 0;
        trialsInFlight = 0;
        trialsSucceeded = 0;
    }
}
