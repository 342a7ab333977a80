package io.thalamus.api.registry;

import java.time.Instant;

/**
 * A committed change to one registration, published keyed by expert id.
 * Consumers apply an event only when its version is newer than what they hold.
 */
public record ExpertEvent(String expertId, long version, Type type, RegisteredExpert expert, Instant at) {

    public enum Type { REGISTERED, UPDATED, STATE_CHANGED, REMOVED }
}
