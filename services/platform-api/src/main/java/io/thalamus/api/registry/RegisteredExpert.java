package io.thalamus.api.registry;

import io.thalamus.api.expert.ExpertDescriptor;

import java.time.Instant;

/**
 * The registry's view of an expert: its descriptor plus lifecycle and live load.
 *
 * @param version increases with every committed change; used for ETags and event ordering
 */
public record RegisteredExpert(
        ExpertDescriptor descriptor,
        ExpertState state,
        String stateReason,
        Instant stateSince,
        long version,
        LoadReport load,
        Instant leaseExpiresAt) {

    public String id() {
        return descriptor.id();
    }
}
