package io.thalamus.router.quota;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A tenant's tenant-wide daily budgets today (UTC): spent (including what running requests hold reserved), the
 * limit, and what is left; a null limit is not limited.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DailyBalance(double creditsSpent, Long creditsLimit, Double creditsRemaining, double gpuSecondsSpent,
                           Long gpuSecondsLimit, Double gpuSecondsRemaining) {

    static DailyBalance of(Budget spent, QuotaLimits limits) {
        double credits = spent.credits();
        double gpuSeconds = spent.gpuMillis() / 1000.0;
        return new DailyBalance(credits, limits.dailyCredits(),
                limits.dailyCredits() == null ? null : Math.max(0, limits.dailyCredits() - credits),
                gpuSeconds, limits.dailyGpuSeconds(),
                limits.dailyGpuSeconds() == null ? null : Math.max(0, limits.dailyGpuSeconds() - gpuSeconds));
    }
}
