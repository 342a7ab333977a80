package io.thalamus.api.registry;

/**
 * Lifecycle of a registration: REGISTERED → READY ⇄ UNHEALTHY, any live state → DRAINING → GONE.
 */
public enum ExpertState {
    REGISTERED, READY, UNHEALTHY, DRAINING, GONE;

    /** Whether the router may send new work to an expert in this state. */
    public boolean routable() {
        return this == READY;
    }
}
