package io.thalamus.router.quota;

/**
 * Limits that apply to a request, with where they come from: the whole tenant ({@link #ALL_TASKS}) or one task.
 */
public record QuotaScope(String tenant, String task, QuotaLimits limits) {

    public static final String ALL_TASKS = "*";

    public boolean tenantWide() {
        return ALL_TASKS.equals(task);
    }

    /** Redis key of the scope's sliding window; every key of a tenant shares one hash slot ({…}). */
    String rateKey() {
        return "thalamus:quota:{" + tenant + "}:rpm:" + task;
    }

    /** Redis key of the scope's concurrency leases. */
    String concurrencyKey() {
        return "thalamus:quota:{" + tenant + "}:concurrent:" + task;
    }

    /** Redis key prefix of the scope's daily budget (credits and GPU time spent); the day is appended. */
    String budgetKey() {
        return "thalamus:quota:{" + tenant + "}:budget:" + task;
    }

    String describe() {
        return tenantWide() ? "tenant '" + tenant + "'" : "task '" + task + "' of tenant '" + tenant + "'";
    }
}
