package io.thalamus.router.usage;

import java.time.LocalDate;

/** A tenant's usage of one task on one UTC day. */
public record DailyUsage(LocalDate day, String task, long requests, long succeeded, long failed, double credits,
                         double gpuSeconds, double meanLatencyMs) {
}
