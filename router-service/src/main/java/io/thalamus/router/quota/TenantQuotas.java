package io.thalamus.router.quota;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A tenant's effective quotas: its tenant-wide limits (its own definition over the configured defaults) and the
 * limits it set for single tasks. A request is counted against the tenant-wide scope and against its task's scope.
 */
public record TenantQuotas(String tenant, QuotaLimits tenantWide, Map<String, QuotaLimits> perTask) {

    public TenantQuotas {
        perTask = Map.copyOf(perTask);
    }

    /** The scopes a request for {@code task} is counted in, tenant-wide first. */
    public List<QuotaScope> scopesFor(String task) {
        List<QuotaScope> scopes = new ArrayList<>(2);
        scopes.add(new QuotaScope(tenant, QuotaScope.ALL_TASKS, tenantWide));
        QuotaLimits forTask = task == null ? null : perTask.get(task);
        if (forTask != null) {
            scopes.add(new QuotaScope(tenant, task, forTask));
        }
        return scopes;
    }
}
