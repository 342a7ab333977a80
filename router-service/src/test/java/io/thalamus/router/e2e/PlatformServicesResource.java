package io.thalamus.router.e2e;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.thalamus.testkit.TestServers;
import io.thalamus.testkit.kafka.KafkaServer;
import io.thalamus.testkit.keycloak.KeycloakServer;
import io.thalamus.testkit.keycloak.RealmClients;
import io.thalamus.testkit.postgres.PostgresServer;
import io.thalamus.testkit.process.ServiceProcess;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Starts the packaged expert registry and retrieval expert as their own processes, against the test kit's
 * real PostgreSQL, Kafka and Keycloak, and points the router under test at them.
 */
public class PlatformServicesResource implements QuarkusTestResourceLifecycleManager {

    static final String RETRIEVAL_EXPERT_ID = "retrieval-minilm-scifact";

    private static ServiceProcess registry;
    private static ServiceProcess retrievalExpert;

    @Override
    public Map<String, String> start() {
        PostgresServer postgres = TestServers.postgres();
        KafkaServer kafka = TestServers.kafka();
        KeycloakServer keycloak = TestServers.keycloak();
        Path root = Path.of(System.getProperty("thalamus.root.dir", ".."));
        Path logs = Path.of(System.getProperty("thalamus.build.dir", "target"), "service-logs");
        registry = ServiceProcess.start("expert-registry", root.resolve("expert-registry"), Map.of(
                "quarkus.datasource.reactive.url", postgres.reactiveUrl(),
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(),
                "quarkus.datasource.username", postgres.username(),
                "quarkus.datasource.password", postgres.password(),
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "quarkus.oidc.auth-server-url", keycloak.realmUrl(),
                // every service of the test runs on loopback, which the registry refuses unless allowed
                "thalamus.registry.endpoint-allow-list", "127.0.0.0/8,::1,localhost"), logs, Duration.ofSeconds(90));
        retrievalExpert = ServiceProcess.start("retrieval-expert", root.resolve("retrieval-experts"), Map.of(
                "thalamus.expert.registry.url", registry.baseUri().toString(),
                "thalamus.expert.registry.heartbeat-interval", "1s",
                "quarkus.log.category.\"io.thalamus.expert.invoke\".level", "DEBUG",
                "quarkus.oidc-client.auth-server-url", keycloak.realmUrl(),
                "quarkus.oidc-client.client-id", "retrieval-expert",
                "quarkus.oidc-client.credentials.secret",
                RealmClients.secret(TestServers.realmFile(), "retrieval-expert"),
                "thalamus.expert.jobs.enabled", "true",
                "kafka.bootstrap.servers", kafka.bootstrapServers()), logs, Duration.ofSeconds(120));
        return Map.ofEntries(
                Map.entry("thalamus.router.registry.url", registry.baseUri().toString()),
                Map.entry("kafka.bootstrap.servers", kafka.bootstrapServers()),
                Map.entry("quarkus.datasource.reactive.url", postgres.reactiveUrl()),
                Map.entry("quarkus.datasource.jdbc.url", postgres.jdbcUrl()),
                Map.entry("quarkus.datasource.username", postgres.username()),
                Map.entry("quarkus.datasource.password", postgres.password()),
                Map.entry("quarkus.oidc.auth-server-url", keycloak.realmUrl()),
                Map.entry("quarkus.oidc-client.auth-server-url", keycloak.realmUrl()),
                Map.entry("quarkus.oidc-client.credentials.secret",
                        RealmClients.secret(TestServers.realmFile(), "thalamus-router")));
    }

    static ServiceProcess retrievalExpert() {
        return retrievalExpert;
    }

    @Override
    public void stop() {
        if (retrievalExpert != null) {
            retrievalExpert.close();
        }
        if (registry != null) {
            registry.close();
        }
    }
}
