package io.thalamus.registry.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.thalamus.testkit.kafka.KafkaTestResource;
import io.thalamus.testkit.keycloak.KeycloakTestResource;
import io.thalamus.testkit.postgres.PostgresTestResource;

import java.util.List;
import java.util.Map;

/** The registry against the test kit's real PostgreSQL, Kafka and Keycloak; subclasses change timings. */
public class RegistryTestProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(
                new TestResourceEntry(PostgresTestResource.class),
                new TestResourceEntry(KafkaTestResource.class),
                new TestResourceEntry(KeycloakTestResource.class,
                        Map.of(KeycloakTestResource.CLIENT_ID, "thalamus-registry")));
    }

    /** Leases of a fraction of a second, so a test sees them expire. */
    public static class ShortLeases extends RegistryTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "thalamus.registry.lease.heartbeat-interval", "400ms",
                    "thalamus.registry.lease.missed-heartbeats", "3",
                    "thalamus.registry.lease.sweep-interval", "1s",
                    "thalamus.registry.lease.startup-grace", "0s",
                    "thalamus.registry.probe.interval", "1s",
                    "thalamus.registry.lifecycle.sweep-interval", "1s");
        }
    }

    /**
     * Leases of three seconds, probed twice a second: probes renew the leases of experts that send no heartbeats
     * with margin to spare, even on a busy machine.
     */
    public static class ProbeRenewedLeases extends RegistryTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "thalamus.registry.lease.heartbeat-interval", "1s",
                    "thalamus.registry.lease.missed-heartbeats", "3",
                    "thalamus.registry.lease.sweep-interval", "500ms",
                    "thalamus.registry.lease.startup-grace", "0s",
                    "thalamus.registry.probe.interval", "500ms");
        }
    }

    /** The outbox relay does not run: committed changes wait in the outbox. */
    public static class RelayStopped extends RegistryTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("thalamus.registry.events.relay.enabled", "false");
        }
    }
}
