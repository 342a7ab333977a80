package io.thalamus.router.quota;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Tenant quotas: where the counters live, what happens when they cannot be reached, and the default limits. */
@ConfigMapping(prefix = "thalamus.router.quota")
public interface QuotaConfig {

    /** Off: no request is counted or refused (and Redis is never called). */
    @WithDefault("true")
    boolean enabled();

    /** What a request gets when Redis cannot answer: refused with 503 ({@code closed}) or let through ({@code open}). */
    @WithDefault("closed")
    RedisFailure redisFailure();

    /** How long a quota check waits for Redis before the failure mode applies. */
    @WithDefault("1s")
    Duration redisTimeout();

    /**
     * How long a concurrency slot is held at most. A replica that dies mid-request cannot release its slots; they
     * expire after this. Keep it above {@code thalamus.router.limits.max-timeout-ms}, or long requests lose their
     * slot before they end.
     */
    @WithDefault("150s")
    Duration leaseTtl();

    /** How long a replica keeps a tenant's quota definitions before reading them again. */
    @WithDefault("10s")
    Duration cacheTtl();

    /** Limits of tenants that have no definition of their own (or leave a measure out of it); unset = unlimited. */
    Defaults defaults();

    interface Defaults {
        OptionalInt requestsPerMinute();

        OptionalInt concurrentRequests();

        OptionalLong dailyCredits();

        OptionalLong dailyGpuSeconds();
    }

    enum RedisFailure { CLOSED, OPEN }
}
