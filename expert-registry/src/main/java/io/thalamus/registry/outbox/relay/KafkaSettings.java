package io.thalamus.registry.outbox.relay;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.Map;

/** The {@code kafka.*} configuration of the application (bootstrap servers, security...), for clients built here. */
@ApplicationScoped
public class KafkaSettings {

    private final Map<String, Object> common;

    public KafkaSettings(@Identifier("default-kafka-broker") Map<String, Object> common) {
        this.common = Map.copyOf(common);
    }

    /** The common settings plus {@code overrides}. */
    public Map<String, Object> with(Map<String, Object> overrides) {
        Map<String, Object> settings = new HashMap<>(common);
        settings.putAll(overrides);
        return settings;
    }
}
