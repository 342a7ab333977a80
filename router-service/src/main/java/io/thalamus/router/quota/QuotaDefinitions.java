package io.thalamus.router.quota;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/** A tenant's effective quotas. */
@ApplicationScoped
public class QuotaDefinitions {

    private final QuotaLimits defaults;

    public QuotaDefinitions(QuotaConfig config) {
        this.defaults = QuotaLimits.of(config.defaults());
    }

    public Uni<TenantQuotas> of(String tenant) {
        return Uni.createFrom().item(new TenantQuotas(tenant, defaults, Map.of()));
    }
}
