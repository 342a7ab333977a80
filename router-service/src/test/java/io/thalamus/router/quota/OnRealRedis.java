package io.thalamus.router.quota;

import io.thalamus.testkit.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;
import java.util.UUID;

/** Tests of the quota counters on the test kit's real Redis, each test with tenants of its own. */
abstract class OnRealRedis {

    static final Duration WAIT = Duration.ofSeconds(10);

    static RedisClients clients;
    static QuotaCounters counters;

    @BeforeAll
    static void connect() {
        clients = new RedisClients();
        counters = new QuotaCounters(clients.connect(TestServers.redis().url()), TestQuotaConfig.closed());
    }

    @AfterAll
    static void close() {
        clients.close();
    }

    static String tenant() {
        return "t-" + UUID.randomUUID();
    }
}
