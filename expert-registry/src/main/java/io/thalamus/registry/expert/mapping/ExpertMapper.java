package io.thalamus.registry.expert.mapping;

import io.thalamus.api.registry.LoadReport;
import io.thalamus.api.registry.RegisteredExpert;
import io.thalamus.registry.expert.entity.ExpertEntity;

/** Entity to wire record. */
public final class ExpertMapper {

    private ExpertMapper() {
    }

    public static RegisteredExpert toRegistered(ExpertEntity entity) {
        return new RegisteredExpert(entity.descriptor.withOwner(entity.owner), entity.state, entity.stateReason,
                entity.stateSince, entity.version, entity.load == null ? LoadReport.idle() : entity.load,
                entity.leaseExpiresAt);
    }
}
