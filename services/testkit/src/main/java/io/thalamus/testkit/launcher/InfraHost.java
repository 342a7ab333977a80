package io.thalamus.testkit.launcher;

import io.thalamus.testkit.kafka.KafkaServer;
import io.thalamus.testkit.keycloak.KeycloakServer;
import io.thalamus.testkit.postgres.PostgresServer;
import io.thalamus.testkit.redis.RedisServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.LogManager;

/**
 * The local platform's infrastructure in one process: PostgreSQL, Kafka, Redis and Keycloak on fixed ports with
 * their data kept under {@code --data} across restarts. Prints {@code [infra] ...} progress lines, writes
 * {@code <data>/infra.json} (ports, process ids, URLs) once everything is ready, and runs until it receives TERM,
 * when it stops every server and removes {@code infra.json}.
 *
 * <pre>
 * InfraHost --data DIR [--postgres-port 15432] [--kafka-port 19092] [--kafka-controller-port 19093]
 *           [--keycloak-port 18080] [--redis-port 16379] [--realm infra/keycloak/thalamus-realm.json]
 *           [--keycloak-cache DIR] [--only postgres,kafka,redis,keycloak]
 * </pre>
 */
public final class InfraHost {

    private static final Set<String> SERVERS = Set.of("postgres", "kafka", "redis", "keycloak");

    private final Options options;
    private final Map<String, AutoCloseable> running = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> descriptions = new LinkedHashMap<>();
    private volatile boolean stopping;

    private InfraHost(Options options) {
        this.options = options;
    }

    public static void main(String[] args) {
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        }
        // Start logging on this thread: JBoss LogManager's lazy start deadlocks when two threads log first at once.
        LogManager.getLogManager();
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("[infra] " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        InfraHost host = new InfraHost(options);
        Runtime.getRuntime().addShutdownHook(new Thread(host::stop, "infra-stop"));
        try {
            host.start();
        } catch (RuntimeException e) {
            say("error: " + message(e));
            System.exit(1);
        }
        host.watch();
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void start() {
        Path data = options.data();
        try {
            Files.createDirectories(data);
            Files.deleteIfExists(infraJson());
        } catch (IOException e) {
            throw new IllegalStateException("cannot use the data directory " + data + ": " + e.getMessage(), e);
        }
        say("data in " + data);
        // Keycloak takes longest: it starts alongside the others
        CompletableFuture<Void> keycloak = options.only().contains("keycloak")
                ? CompletableFuture.runAsync(() -> startKeycloak(data)) : CompletableFuture.completedFuture(null);
        try {
            if (options.only().contains("postgres")) {
                start("postgres", () -> PostgresServer.start(data.resolve("postgres"), options.postgresPort()),
                        server -> describePostgres(server, data));
            }
            if (options.only().contains("redis")) {
                start("redis", () -> RedisServer.start(data.resolve("redis"), options.redisPort()),
                        server -> ordered("port", server.port(), "pid", server.pid(), "url", server.url(),
                                "log", data.resolve("redis/redis.log").toString()));
            }
            if (options.only().contains("kafka")) {
                start("kafka", () -> KafkaServer.start(data.resolve("kafka"), options.kafkaPort(),
                                options.kafkaControllerPort()),
                        server -> ordered("port", server.port(), "controllerPort", server.controllerPort(),
                                "pid", server.pid(), "bootstrapServers", server.bootstrapServers(),
                                "log", data.resolve("kafka/broker.log").toString()));
            }
            keycloak.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        writeInfraJson();
        say("all ready; details in " + infraJson());
    }

    private void startKeycloak(Path data) {
        start("keycloak", () -> KeycloakServer.start(data.resolve("keycloak"), options.keycloakPort(), options.realm(),
                        options.keycloakCache()),
                server -> ordered("port", server.port(), "pid", server.pid(), "url", server.url(),
                        "realmUrl", server.realmUrl(), "adminUsername", KeycloakServer.ADMIN_USERNAME,
                        "adminPassword", KeycloakServer.ADMIN_PASSWORD,
                        "log", data.resolve("keycloak/keycloak.log").toString()));
    }

    private static Map<String, Object> describePostgres(PostgresServer server, Path data) {
        return ordered("port", server.port(), "pid", server.pid(), "jdbcUrl", server.jdbcUrl(),
                "reactiveUrl", server.reactiveUrl(), "username", server.username(), "password", server.password(),
                "log", data.resolve("postgres/postgres.log").toString());
    }

    /** A map that keeps the order of its keys, for a readable infra.json. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private <T extends AutoCloseable> void start(String name, Supplier<T> starter,
                                                 Function<T, Map<String, Object>> describe) {
        if (stopping) {
            return;
        }
        say("starting " + name);
        long begin = System.nanoTime();
        T server = starter.get();
        Map<String, Object> description = new LinkedHashMap<>(describe.apply(server));
        synchronized (running) {
            running.put(name, server);
            descriptions.put(name, description);
        }
        say(String.format(Locale.ROOT, "%s ready on %s (%.1f s)", name, description.get("port"),
                (System.nanoTime() - begin) / 1e9));
    }

    /** Reports a server that exits on its own (the others keep running). */
    private void watch() {
        ScheduledExecutorService monitor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "infra-monitor");
            thread.setDaemon(true);
            return thread;
        });
        Set<String> reported = new LinkedHashSet<>();
        monitor.scheduleWithFixedDelay(() -> {
            synchronized (running) {
                descriptions.forEach((name, description) -> {
                    long pid = ((Number) description.get("pid")).longValue();
                    boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                    if (!alive && !stopping && reported.add(name)) {
                        say(name + " (pid " + pid + ") exited unexpectedly; see " + description.get("log"));
                    }
                });
            }
        }, 5, 5, TimeUnit.SECONDS);
    }

    private void stop() {
        stopping = true;
        List<Map.Entry<String, AutoCloseable>> servers;
        synchronized (running) {
            servers = new ArrayList<>(running.entrySet());
        }
        if (servers.isEmpty()) {
            return;
        }
        say("stopping " + String.join(", ", servers.stream().map(Map.Entry::getKey).toList()));
        List<Thread> stops = new ArrayList<>();
        for (Map.Entry<String, AutoCloseable> server : servers) {
            Thread stop = new Thread(() -> {
                try {
                    server.getValue().close();
                    say(server.getKey() + " stopped");
                } catch (Exception e) {
                    say("could not stop " + server.getKey() + ": " + message(e));
                }
            }, "infra-stop-" + server.getKey());
            stop.start();
            stops.add(stop);
        }
        for (Thread stop : stops) {
            try {
                stop.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            Files.deleteIfExists(infraJson());
        } catch (IOException ignored) {
            // the launcher deletes it before the next start anyway
        }
    }

    private void writeInfraJson() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("pid", ProcessHandle.current().pid());
        synchronized (running) {
            document.putAll(descriptions);
        }
        Path target = infraJson();
        Path temporary = target.resolveSibling("infra.json.tmp");
        try {
            Files.writeString(temporary, Json.write(document) + System.lineSeparator());
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private Path infraJson() {
        return options.data().resolve("infra.json");
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private static void say(String line) {
        System.out.println("[infra] " + line);
        System.out.flush();
    }

    record Options(Path data, int postgresPort, int kafkaPort, int kafkaControllerPort, int keycloakPort,
                   int redisPort, Path realm, Path keycloakCache, Set<String> only) {

        static final String USAGE = "usage: InfraHost --data DIR [--postgres-port 15432] [--kafka-port 19092] "
                + "[--kafka-controller-port 19093] [--keycloak-port 18080] [--redis-port 16379] "
                + "[--realm infra/keycloak/thalamus-realm.json] [--keycloak-cache DIR] "
                + "[--only postgres,kafka,redis,keycloak]";

        static Options parse(String[] args) {
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (!flag.startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("expected --option value, got '" + flag + "'");
                }
                values.put(flag.substring(2), args[++i]);
            }
            String data = values.remove("data");
            if (data == null) {
                throw new IllegalArgumentException("--data is required");
            }
            Path dataDir = Path.of(data).toAbsolutePath().normalize();
            Set<String> only = new LinkedHashSet<>();
            for (String name : values.getOrDefault("only", String.join(",", List.of("postgres", "kafka", "redis",
                    "keycloak"))).split(",")) {
                String trimmed = name.trim().toLowerCase(Locale.ROOT);
                if (!SERVERS.contains(trimmed)) {
                    throw new IllegalArgumentException("unknown server '" + name + "' in --only (postgres, kafka, redis, "
                            + "keycloak)");
                }
                only.add(trimmed);
            }
            values.remove("only");
            Path realm = Path.of(values.getOrDefault("realm", "infra/keycloak/thalamus-realm.json"));
            values.remove("realm");
            if (only.contains("keycloak") && !Files.isRegularFile(realm)) {
                throw new IllegalArgumentException("realm file " + realm.toAbsolutePath() + " does not exist (--realm)");
            }
            String cache = values.remove("keycloak-cache");
            Options options = new Options(dataDir,
                    port(values, "postgres-port", 15432), port(values, "kafka-port", 19092),
                    port(values, "kafka-controller-port", 19093), port(values, "keycloak-port", 18080),
                    port(values, "redis-port", 16379), realm.toAbsolutePath(),
                    cache == null ? dataDir.resolve("keycloak-distribution") : Path.of(cache).toAbsolutePath(), only);
            if (!values.isEmpty()) {
                throw new IllegalArgumentException("unknown option(s): --" + String.join(", --", values.keySet()));
            }
            return options;
        }

        private static int port(Map<String, String> values, String name, int defaultPort) {
            String value = values.remove(name);
            if (value == null) {
                return defaultPort;
            }
            try {
                int port = Integer.parseInt(value);
                if (port < 0 || port > 65535) {
                    throw new NumberFormatException();
                }
                return port;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " must be a port number (0 for any free port), got '"
                        + value + "'");
            }
        }
    }
}
