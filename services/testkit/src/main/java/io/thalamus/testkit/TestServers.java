package io.thalamus.testkit;

import io.thalamus.testkit.kafka.KafkaServer;
import io.thalamus.testkit.keycloak.KeycloakServer;
import io.thalamus.testkit.postgres.PostgresServer;
import io.thalamus.testkit.process.Directories;
import io.thalamus.testkit.redis.RedisServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * One PostgreSQL, Kafka, Keycloak and Redis per test JVM, each started on first use on a free port with fresh data
 * under {@code <build dir>/test-servers/} (system property {@code thalamus.build.dir}, else {@code target}) and
 * stopped when the JVM exits.
 *
 * <p>Quarkus may load this class more than once (one class loader for test resources, another for the tests). A
 * server is therefore registered in a system property ({@code thalamus.testkit.<server>.port}) and the lock is a
 * string constant, which the JVM shares between class loaders: whichever copy asks second gets a handle on the
 * server the first one started.
 *
 * <p>Keycloak imports {@code infra/keycloak/thalamus-realm.json} of the project (found through the system property
 * {@code thalamus.keycloak.realm-file}, else {@code thalamus.root.dir}, else by looking upwards from the working
 * directory) and unpacks its distribution once into {@code <project>/target/keycloak} (or
 * {@code thalamus.keycloak.cache}).
 */
public final class TestServers {

    private static final String POSTGRES = "thalamus.testkit.postgres.port";
    private static final String KAFKA = "thalamus.testkit.kafka.port";
    private static final String KEYCLOAK = "thalamus.testkit.keycloak.port";
    private static final String REDIS = "thalamus.testkit.redis.port";
    private static final String REALM_FILE = "infra/keycloak/thalamus-realm.json";

    private static final List<AutoCloseable> STARTED_HERE = new ArrayList<>();
    private static PostgresServer postgres;
    private static KafkaServer kafka;
    private static KeycloakServer keycloak;
    private static RedisServer redis;

    private TestServers() {
    }

    public static PostgresServer postgres() {
        synchronized (POSTGRES) {
            if (postgres == null) {
                String port = System.getProperty(POSTGRES);
                postgres = port != null ? PostgresServer.running(Integer.parseInt(port))
                        : register(POSTGRES, "PostgreSQL", () -> {
                            Path directory = serversDirectory().resolve("postgres");
                            Directories.deleteRecursively(directory.resolve("data"));
                            return PostgresServer.start(directory, 0);
                        }, PostgresServer::port);
            }
            return postgres;
        }
    }

    public static KafkaServer kafka() {
        synchronized (KAFKA) {
            if (kafka == null) {
                String port = System.getProperty(KAFKA);
                kafka = port != null ? KafkaServer.running(Integer.parseInt(port))
                        : register(KAFKA, "Kafka", () -> KafkaServer.start(fresh("kafka"), 0, 0), KafkaServer::port);
            }
            return kafka;
        }
    }

    public static KeycloakServer keycloak() {
        synchronized (KEYCLOAK) {
            if (keycloak == null) {
                Path realmFile = realmFile();
                String port = System.getProperty(KEYCLOAK);
                keycloak = port != null
                        ? KeycloakServer.running(Integer.parseInt(port), KeycloakServer.realmNameOf(realmFile))
                        : register(KEYCLOAK, "Keycloak",
                        () -> KeycloakServer.start(fresh("keycloak"), 0, realmFile, keycloakCache()),
                        KeycloakServer::port);
            }
            return keycloak;
        }
    }

    public static RedisServer redis() {
        synchronized (REDIS) {
            if (redis == null) {
                String port = System.getProperty(REDIS);
                redis = port != null ? RedisServer.running(Integer.parseInt(port))
                        : register(REDIS, "Redis", () -> {
                            Path directory = serversDirectory().resolve("redis");
                            Directories.deleteRecursively(directory.resolve("dump.rdb"));
                            return RedisServer.start(directory, 0);
                        }, RedisServer::port);
            }
            return redis;
        }
    }

    /** The realm file Keycloak imports in tests. */
    public static Path realmFile() {
        String configured = System.getProperty("thalamus.keycloak.realm-file");
        if (configured != null) {
            return Path.of(configured);
        }
        String root = System.getProperty("thalamus.root.dir");
        if (root != null && Files.isRegularFile(Path.of(root, REALM_FILE))) {
            return Path.of(root, REALM_FILE);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(REALM_FILE))) {
                return dir.resolve(REALM_FILE);
            }
        }
        throw new IllegalStateException("cannot find " + REALM_FILE + ": set the system property "
                + "thalamus.keycloak.realm-file or thalamus.root.dir");
    }

    private static <T extends AutoCloseable> T register(String property, String name, Supplier<T> start,
                                                        ToIntFunction<T> port) {
        long begin = System.nanoTime();
        T server = start.get();
        System.out.printf(Locale.ROOT, "[testkit] %s ready on port %d in %.1f s%n", name, port.applyAsInt(server),
                (System.nanoTime() - begin) / 1e9);
        System.setProperty(property, Integer.toString(port.applyAsInt(server)));
        synchronized (STARTED_HERE) {
            if (STARTED_HERE.isEmpty()) {
                Runtime.getRuntime().addShutdownHook(new Thread(TestServers::stopAll, "testkit-servers-stop"));
            }
            STARTED_HERE.add(server);
        }
        return server;
    }

    /** Stops every server this copy of the class started, all at once (each waits for its own shutdown). */
    private static void stopAll() {
        List<Thread> stopping = new ArrayList<>();
        synchronized (STARTED_HERE) {
            for (AutoCloseable server : STARTED_HERE) {
                Thread stop = new Thread(() -> {
                    try {
                        server.close();
                    } catch (Exception e) {
                        System.err.println("[testkit] could not stop " + server.getClass().getSimpleName() + ": "
                                + e.getMessage());
                    }
                }, "testkit-stop");
                stop.start();
                stopping.add(stop);
            }
        }
        for (Thread stop : stopping) {
            try {
                stop.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Path fresh(String name) {
        Path directory = serversDirectory().resolve(name);
        Directories.deleteRecursively(directory);
        return directory;
    }

    private static Path serversDirectory() {
        return Path.of(System.getProperty("thalamus.build.dir", "target")).toAbsolutePath().resolve("test-servers");
    }

    private static Path keycloakCache() {
        String configured = System.getProperty("thalamus.keycloak.cache");
        if (configured != null) {
            return Path.of(configured);
        }
        String root = System.getProperty("thalamus.root.dir");
        return root != null ? Path.of(root, "target", "keycloak") : serversDirectory().resolve("keycloak-distribution");
    }
}
