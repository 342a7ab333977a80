package io.thalamus.router.quota;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The limits of one scope (a tenant, or one task of a tenant); a null measure is not limited there.
 *
 * @param requestsPerMinute  requests admitted in any 60 seconds (sliding window)
 * @param concurrentRequests requests running at once
 * @param dailyCredits       credits per UTC day, from the experts' cost models
 * @param dailyGpuSeconds    GPU seconds per UTC day, as the experts report them
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record QuotaLimits(Integer requestsPerMinute, Integer concurrentRequests, Long dailyCredits,
                          Long dailyGpuSeconds) {

    public static final QuotaLimits NONE = new QuotaLimits(null, null, null, null);

    /** These limits, each measure left out taken from {@code fallback}. */
    public QuotaLimits orElse(QuotaLimits fallback) {
        return new QuotaLimits(
                requestsPerMinute != null ? requestsPerMinute : fallback.requestsPerMinute,
                concurrentRequests != null ? concurrentRequests : fallback.concurrentRequests,
                dailyCredits != null ? dailyCredits : fallback.dailyCredits,
                dailyGpuSeconds != null ? dailyGpuSeconds : fallback.dailyGpuSeconds);
    }

    /** True when the request counters (rate or concurrency) have something to enforce. */
    public boolean limitsRequests() {
        return requestsPerMinute != null || concurrentRequests != null;
    }

    /** True when the daily budget counters (credits or GPU time) have something to enforce. */
    public boolean limitsBudget() {
        return dailyCredits != null || dailyGpuSeconds != null;
    }

    static QuotaLimits of(QuotaConfig.Defaults defaults) {
        return new QuotaLimits(
                defaults.requestsPerMinute().isPresent() ? defaults.requestsPerMinute().getAsInt() : null,
                defaults.concurrentRequests().isPresent() ? defaults.concurrentRequests().getAsInt() : null,
                defaults.dailyCredits().isPresent() ? defaults.dailyCredits().getAsLong() : null,
                defaults.dailyGpuSeconds().isPresent() ? defaults.dailyGpuSeconds().getAsLong() : null);
    }
}
