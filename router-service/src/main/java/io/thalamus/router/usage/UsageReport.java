package io.thalamus.router.usage;

import io.thalamus.router.quota.DailyBalance;

import java.time.LocalDate;
import java.util.List;

/**
 * A tenant's usage over UTC days {@code from} to {@code to}: per day and task, the totals, and today's balance of
 * its daily budgets (read from the quota counters, so it includes requests still running).
 */
public record UsageReport(String tenant, LocalDate from, LocalDate to, List<DailyUsage> days, Totals totals,
                          DailyBalance today) {

    public record Totals(long requests, long succeeded, long failed, double credits, double gpuSeconds) {

        static Totals of(List<DailyUsage> days) {
            return new Totals(days.stream().mapToLong(DailyUsage::requests).sum(),
                    days.stream().mapToLong(DailyUsage::succeeded).sum(),
                    days.stream().mapToLong(DailyUsage::failed).sum(),
                    days.stream().mapToDouble(DailyUsage::credits).sum(),
                    days.stream().mapToDouble(DailyUsage::gpuSeconds).sum());
        }
    }
}
