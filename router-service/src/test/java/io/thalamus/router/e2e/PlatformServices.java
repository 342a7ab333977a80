package io.thalamus.router.e2e;

import io.thalamus.testkit.TestServers;
import io.thalamus.testkit.keycloak.KeycloakServer;
import io.thalamus.testkit.keycloak.RealmClients;
import io.thalamus.testkit.postgres.PostgresServer;
import io.thalamus.testkit.process.ServiceProcess;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts the packaged services of the platform as their own processes against the test kit's real PostgreSQL,
 * Kafka and Keycloak, and gives the configuration that points a router at them.
 */
public final class PlatformServices {

    public static final String RETRIEVAL_EXPERT_ID = "retrieval-minilm-scifact";
    public static final String DIFFUSION_EXPERT_ID = "diffusion-pruner";

    private PlatformServices() {
    }

    public static ServiceProcess startRegistry() {
        PostgresServer postgres = TestServers.postgres();
        return ServiceProcess.start("expert-registry", root().resolve("expert-registry"), Map.of(
                "quarkus.datasource.reactive.url", postgres.reactiveUrl(),
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(),
                "quarkus.datasource.username", postgres.username(),
                "quarkus.datasource.password", postgres.password(),
                "kafka.bootstrap.servers", TestServers.kafka().bootstrapServers(),
                "quarkus.oidc.auth-server-url", TestServers.keycloak().realmUrl(),
                // every service of the test runs on loopback, which the registry refuses unless allowed
                "thalamus.registry.endpoint-allow-list", "127.0.0.0/8,::1,localhost"), logs(), Duration.ofSeconds(90));
    }

    /** The retrieval expert, registering with the registry and taking jobs from Kafka. */
    public static ServiceProcess startRetrievalExpert(URI registry, Duration heartbeatInterval) {
        return startRetrievalExpert("retrieval-expert", RETRIEVAL_EXPERT_ID, registry, heartbeatInterval);
    }

    /** A retrieval expert registered under its own id (a second replica of the same model, say). */
    public static ServiceProcess startRetrievalExpert(String name, String expertId, URI registry,
                                                      Duration heartbeatInterval) {
        return startRetrievalExpert(name, expertId, registry, heartbeatInterval, ServiceProcess.TEST_JVM);
    }

    public static ServiceProcess startRetrievalExpert(String name, String expertId, URI registry,
                                                      Duration heartbeatInterval, List<String> jvmOptions) {
        return startRetrievalExpert(name, expertId, registry, heartbeatInterval, jvmOptions, Map.of());
    }

    /** @param overrides configuration that replaces or adds to the expert's test configuration */
    public static ServiceProcess startRetrievalExpert(String name, String expertId, URI registry,
                                                      Duration heartbeatInterval, List<String> jvmOptions,
                                                      Map<String, String> overrides) {
        Map<String, String> config = expertConfig("retrieval-expert", registry, heartbeatInterval);
        config.put("thalamus.expert.id", expertId);
        config.put("thalamus.expert.jobs.enabled", "true");
        config.put("quarkus.log.category.\"io.thalamus.expert.invoke\".level", "DEBUG");
        config.putAll(overrides);
        return ServiceProcess.start(name, root().resolve("retrieval-experts"), jvmOptions, config, logs(),
                Duration.ofSeconds(120));
    }

    /** A vision expert, {@code profile} {@code ocr} or {@code scene} (one packaged application, one profile each). */
    public static ServiceProcess startVisionExpert(String profile, URI registry) {
        Map<String, String> config = expertConfig("vision-expert", registry, Duration.ofSeconds(1));
        config.put("quarkus.profile", profile);
        List<String> jvm = new ArrayList<>(ServiceProcess.TEST_JVM);
        jvm.add("-Dai.djl.pytorch.num_threads=1");
        return ServiceProcess.start(profile + "-expert", root().resolve("vision-experts"), jvm, config, logs(),
                Duration.ofSeconds(180));
    }

    /**
     * The text-to-image expert (diffusion-pruner: prompt-routed pruned sub-networks of one UNet), registering with the
     * registry and taking text-to-image jobs from Kafka, at its configured budget.
     *
     * @param overrides configuration that replaces or adds to the expert's test configuration
     */
    public static ServiceProcess startDiffusionExpert(URI registry, Map<String, String> overrides) {
        Map<String, String> config = expertConfig("diffusion-expert", registry, Duration.ofSeconds(1));
        config.put("thalamus.expert.jobs.enabled", "true");
        config.putAll(overrides);
        List<String> jvm = new ArrayList<>(ServiceProcess.TEST_JVM);
        jvm.add("-Dai.djl.pytorch.num_threads=1");
        return ServiceProcess.start("diffusion-expert", root().resolve("diffusion-pruner"), jvm, config, logs(),
                Duration.ofSeconds(180));
    }

    /** What an expert needs to register with the registry and to check the router's token. */
    private static Map<String, String> expertConfig(String client, URI registry, Duration heartbeatInterval) {
        KeycloakServer keycloak = TestServers.keycloak();
        Map<String, String> config = new HashMap<>();
        config.put("thalamus.expert.registry.url", registry.toString());
        config.put("thalamus.expert.registry.heartbeat-interval", heartbeatInterval.toMillis() + "ms");
        config.put("quarkus.oidc-client.auth-server-url", keycloak.realmUrl());
        config.put("quarkus.oidc-client.client-id", client);
        config.put("quarkus.oidc-client.credentials.secret", RealmClients.secret(TestServers.realmFile(), client));
        // the expert verifies the router's token against this Keycloak
        config.put("quarkus.oidc.auth-server-url", keycloak.realmUrl());
        config.put("kafka.bootstrap.servers", TestServers.kafka().bootstrapServers());
        return config;
    }

    /** The packaged router (built by the package phase; for integration tests), pointed at the registry. */
    public static ServiceProcess startRouter(String name, URI registry) {
        return startRouter(name, registry, ServiceProcess.TEST_JVM);
    }

    public static ServiceProcess startRouter(String name, URI registry, List<String> jvmOptions) {
        return startRouter(name, registry, jvmOptions, Map.of());
    }

    /** @param overrides configuration that replaces or adds to the router's test configuration */
    public static ServiceProcess startRouter(String name, URI registry, List<String> jvmOptions,
                                             Map<String, String> overrides) {
        Map<String, String> config = routerConfig(registry);
        config.putAll(overrides);
        return ServiceProcess.start(name, root().resolve("router-service"), jvmOptions, config, logs(),
                Duration.ofSeconds(180));
    }

    /** What a router needs to reach the registry, Kafka, PostgreSQL, Redis and Keycloak. */
    public static Map<String, String> routerConfig(URI registry) {
        PostgresServer postgres = TestServers.postgres();
        KeycloakServer keycloak = TestServers.keycloak();
        Map<String, String> config = new HashMap<>();
        config.put("thalamus.router.registry.url", registry.toString());
        config.put("kafka.bootstrap.servers", TestServers.kafka().bootstrapServers());
        config.put("quarkus.redis.hosts", TestServers.redis().url());
        config.put("quarkus.datasource.reactive.url", postgres.reactiveUrl());
        config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl());
        config.put("quarkus.datasource.username", postgres.username());
        config.put("quarkus.datasource.password", postgres.password());
        config.put("quarkus.oidc.auth-server-url", keycloak.realmUrl());
        config.put("quarkus.oidc-client.auth-server-url", keycloak.realmUrl());
        config.put("quarkus.oidc-client.credentials.secret", RealmClients.secret(TestServers.realmFile(),
                "thalamus-router"));
        config.put("quarkus.keycloak.admin-client.server-url", keycloak.url());
        config.put("quarkus.keycloak.admin-client.client-secret", RealmClients.secret(TestServers.realmFile(),
                "thalamus-provisioner"));
        return config;
    }

    private static Path root() {
        return Path.of(System.getProperty("thalamus.root.dir", ".."));
    }

    private static Path logs() {
        return Path.of(System.getProperty("thalamus.build.dir", "target"), "service-logs");
    }
}
