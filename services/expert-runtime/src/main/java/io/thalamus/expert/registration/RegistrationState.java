package io.thalamus.expert.registration;

import java.util.Locale;

/** Where this expert stands with the registry. */
public enum RegistrationState {
    /** No registry configured, or registration switched off. */
    DISABLED,
    /** Trying to register (first time, or again after the registry forgot the expert). */
    REGISTERING,
    /** Registered; heartbeats renew the lease. */
    REGISTERED,
    /** Deregistered on shutdown; finishing accepted work and still reporting load. */
    DRAINING,
    /** Done with the registry. */
    STOPPED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
