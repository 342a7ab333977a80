package io.thalamus.router.quota;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A tenant's tenant-wide daily budgets today (UTC): spent, the limit, and what is left; a null limit is not
 * limited. With a limit, spending comes from the quota counters and includes what running requests hold
 * reserved; without one, from the usage ledger (finished tasks).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DailyBalance(double creditsSpent, Long creditsLimit, Double creditsRemaining, double gpuSecondsSpent,
                           Long gpuSecondsLimit, Double gpuSecondsRemaining) {

    /** Today of a tenant without daily limits: what the usage ledger recorded so far. */
    public static DailyBalance unlimited(double creditsSpent, double gpuSecondsSpent) {
        return new DailyBalance(creditsSpent, null, null, gpuSecondsSpent, null, null);
    }

    static DailyBalance of(Budget spent, QuotaLimits limits) {
        double credits = spent.credits();
        double gpuSeconds = spent.gpuMillis() / 1000.0;
        return new DailyBalance(credits, limits.dailyCredits(),
                limits.dailyCredits() == null ? null : Math.max(0, limits.dailyCredits() - credits),
                gpuSeconds, limits.dailyGpuSeconds(),
                limits.dailyGpuSeconds() == null ? null : Math.max(0, limits.dailyGpuSeconds() - gpuSeconds));
    }
}
