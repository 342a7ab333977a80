package io.thalamus.router.quota;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A tenant's effective quotas: its definitions in PostgreSQL over the configured defaults, kept by each replica for
 * {@code thalamus.router.quota.cache-ttl}. When PostgreSQL cannot answer, the last definitions read are kept (or,
 * for a tenant never read, the defaults apply).
 */
@ApplicationScoped
public class QuotaDefinitions {

    private static final Logger LOG = Logger.getLogger(QuotaDefinitions.class);

    private final QuotaLimits defaults;
    private final long cacheTtlNanos;
    private final Function<String, Uni<Map<String, QuotaLimits>>> source;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    @Inject
    public QuotaDefinitions(QuotaConfig config, QuotaRepository repository) {
        this(config, repository::find);
    }

    /** @param source a tenant's definitions by task ({@link QuotaScope#ALL_TASKS} for the tenant-wide one) */
    QuotaDefinitions(QuotaConfig config, Function<String, Uni<Map<String, QuotaLimits>>> source) {
        this.defaults = QuotaLimits.of(config.defaults());
        this.cacheTtlNanos = config.cacheTtl().toNanos();
        this.source = source;
    }

    public QuotaLimits defaults() {
        return defaults;
    }

    public Uni<TenantQuotas> of(String tenant) {
        Cached cached = cache.get(tenant);
        if (cached != null && System.nanoTime() - cached.readAt < cacheTtlNanos) {
            return Uni.createFrom().item(cached.quotas);
        }
        return source.apply(tenant)
                .map(rows -> effective(tenant, rows))
                .invoke(quotas -> cache.put(tenant, new Cached(quotas, System.nanoTime())))
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Cannot read the quotas of tenant '%s', using %s: %s", tenant,
                            cached == null ? "the defaults" : "the last ones read", failure.toString());
                    return cached == null ? effective(tenant, Map.of()) : cached.quotas;
                });
    }

    /** Forgets what this replica read of the tenant (after a change through this replica). */
    public void forget(String tenant) {
        cache.remove(tenant);
    }

    TenantQuotas effective(String tenant, Map<String, QuotaLimits> rows) {
        Map<String, QuotaLimits> perTask = new HashMap<>(rows);
        QuotaLimits own = perTask.remove(QuotaScope.ALL_TASKS);
        return new TenantQuotas(tenant, own == null ? defaults : own.orElse(defaults), perTask);
    }

    private record Cached(TenantQuotas quotas, long readAt) {
    }
}
