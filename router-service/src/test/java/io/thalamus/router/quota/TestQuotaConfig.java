package io.thalamus.router.quota;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Quota settings for tests, without Quarkus. */
record TestQuotaConfig(RedisFailure redisFailure, Duration leaseTtl, Integer defaultRequestsPerMinute,
                       Integer defaultConcurrentRequests) implements QuotaConfig {

    static TestQuotaConfig closed() {
        return new TestQuotaConfig(RedisFailure.CLOSED, Duration.ofSeconds(150), null, null);
    }

    TestQuotaConfig withDefaults(Integer requestsPerMinute, Integer concurrentRequests) {
        return new TestQuotaConfig(redisFailure, leaseTtl, requestsPerMinute, concurrentRequests);
    }

    TestQuotaConfig failing(RedisFailure failure) {
        return new TestQuotaConfig(failure, leaseTtl, defaultRequestsPerMinute, defaultConcurrentRequests);
    }

    TestQuotaConfig leasedFor(Duration ttl) {
        return new TestQuotaConfig(redisFailure, ttl, defaultRequestsPerMinute, defaultConcurrentRequests);
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public Duration redisTimeout() {
        return Duration.ofSeconds(2);
    }

    @Override
    public Duration cacheTtl() {
        return Duration.ofSeconds(10);
    }

    @Override
    public Defaults defaults() {
        return new Defaults() {
            @Override
            public OptionalInt requestsPerMinute() {
                return defaultRequestsPerMinute == null ? OptionalInt.empty() : OptionalInt.of(defaultRequestsPerMinute);
            }

            @Override
            public OptionalInt concurrentRequests() {
                return defaultConcurrentRequests == null ? OptionalInt.empty()
                        : OptionalInt.of(defaultConcurrentRequests);
            }

            @Override
            public OptionalLong dailyCredits() {
                return OptionalLong.empty();
            }

            @Override
            public OptionalLong dailyGpuSeconds() {
                return OptionalLong.empty();
            }
        };
    }
}
