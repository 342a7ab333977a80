package io.thalamus.registry.lifecycle.probe;

/** Outcome of one readiness probe. */
public record ProbeResult(boolean ready, String reason) {

    public static final ProbeResult READY = new ProbeResult(true, null);

    public static ProbeResult notReady(String reason) {
        return new ProbeResult(false, reason);
    }
}
