package io.thalamus.testkit.redis;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.thalamus.testkit.TestServers;

import java.util.Map;

/** Points a Quarkus test at the JVM's Redis ({@code quarkus.redis.hosts}). */
public class RedisTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("quarkus.redis.hosts", TestServers.redis().url());
    }

    /** The server outlives a single test class; it stops when the JVM exits. */
    @Override
    public void stop() {
    }
}
