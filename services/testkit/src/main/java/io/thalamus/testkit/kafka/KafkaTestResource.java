package io.thalamus.testkit.kafka;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.thalamus.testkit.TestServers;

import java.util.Map;

/** Points a Quarkus test at the JVM's Kafka broker ({@code kafka.bootstrap.servers}). */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", TestServers.kafka().bootstrapServers());
    }

    /** The broker outlives a single test class; it stops when the JVM exits. */
    @Override
    public void stop() {
    }
}
