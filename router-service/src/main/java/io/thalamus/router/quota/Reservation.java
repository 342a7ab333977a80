package io.thalamus.router.quota;

import java.util.List;

/**
 * A request's hold on its tenant's daily budgets: what was reserved before dispatch, in which scopes (the tasks
 * of the scopes, {@link QuotaScope#ALL_TASKS} for the tenant-wide one) and in which Redis day. Plain data, so a
 * job can keep it until its result arrives; {@link QuotaGate#settle} and {@link QuotaGate#refund} end it.
 */
public record Reservation(String tenant, List<String> scopeTasks, long day, Budget reserved) {

    /** Nothing reserved: no daily limit applies, or Redis failed and quotas fail open. */
    public static final Reservation NONE = new Reservation("", List.of(), -1, Budget.ZERO);

    public Reservation {
        scopeTasks = List.copyOf(scopeTasks);
    }

    public boolean holdsNothing() {
        return scopeTasks.isEmpty();
    }

    List<QuotaScope> scopes() {
        return scopeTasks.stream().map(task -> new QuotaScope(tenant, task, QuotaLimits.NONE)).toList();
    }
}
