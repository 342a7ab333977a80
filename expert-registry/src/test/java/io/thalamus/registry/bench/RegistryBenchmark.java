package io.thalamus.registry.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thalamus.api.Json;
import io.thalamus.api.registry.ExpertState;
import io.thalamus.registry.client.RegistryFollower;
import io.thalamus.testkit.TestServers;
import io.thalamus.testkit.keycloak.KeycloakTokens;
import io.thalamus.testkit.keycloak.RealmClients;
import io.thalamus.testkit.postgres.PostgresServer;
import io.thalamus.testkit.process.ServiceProcess;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * Measures the registry on this machine against real PostgreSQL, Kafka and Keycloak: registrations/s up to N
 * experts, sustained heartbeats/s with all of them registered, and how long a state change takes to reach a
 * router-side routing table (commit → event → table), p50/p99.
 *
 * <pre>RegistryBenchmark [--experts 10000] [--clients 16] [--heartbeat-seconds 30]</pre>
 * Ends with one line {@code heartbeats_per_s=<v> propagation_p99_ms=<v>}.
 */
public final class RegistryBenchmark {

    private static final ObjectMapper JSON = Json.newMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI registry;
    private final String token;

    private RegistryBenchmark(URI registry, String token) {
        this.registry = registry;
        this.token = token;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int experts = Integer.parseInt(options.getOrDefault("experts", "10000"));
        int clients = Integer.parseInt(options.getOrDefault("clients", "16"));
        int heartbeatSeconds = Integer.parseInt(options.getOrDefault("heartbeat-seconds", "30"));

        PostgresServer postgres = TestServers.postgres();
        String kafka = TestServers.kafka().bootstrapServers();
        var keycloak = TestServers.keycloak();
        Path root = Path.of(System.getProperty("thalamus.root.dir", ".."));
        try (ServiceProcess service = ServiceProcess.start("expert-registry", root.resolve("expert-registry"), Map.of(
                "quarkus.datasource.reactive.url", postgres.reactiveUrl(),
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(),
                "kafka.bootstrap.servers", kafka,
                "quarkus.oidc.auth-server-url", keycloak.realmUrl(),
                "thalamus.registry.endpoint-allow-list", "127.0.0.0/8,::1,localhost",
                // no lease expiry or probing during the run: only what the benchmark does changes state
                "thalamus.registry.lease.heartbeat-interval", "10m",
                "quarkus.log.category.\"io.thalamus\".level", "WARN"),
                Path.of(System.getProperty("thalamus.build.dir", "target"), "bench-logs"), Duration.ofSeconds(120))) {
            String token = KeycloakTokens.clientCredentials(keycloak, "retrieval-expert",
                    RealmClients.secret(TestServers.realmFile(), "retrieval-expert"));
            new RegistryBenchmark(service.baseUri(), token).run(experts, clients, heartbeatSeconds, kafka,
                    () -> KeycloakTokens.clientCredentials(keycloak, "thalamus-router",
                            RealmClients.secret(TestServers.realmFile(), "thalamus-router")));
        }
        System.exit(0);
    }

    private void run(int experts, int clients, int heartbeatSeconds, String kafka,
                     java.util.function.Supplier<String> routerToken) throws Exception {
        System.out.printf("registry %s, %d experts, %d concurrent clients, %s cores%n", registry, experts, clients,
                Runtime.getRuntime().availableProcessors());

        double registrationsPerSecond = timed(experts, clients, i -> send("PUT", "/v1/experts/" + id(i), descriptor(i)));
        System.out.printf("registrations_per_s=%.0f%n", registrationsPerSecond);

        Map<String, Long> committedAt = new ConcurrentHashMap<>();
        List<Long> propagation = new ArrayList<>();
        try (RegistryFollower follower = RegistryFollower.builder().registryUrl(registry).bootstrapServers(kafka)
                .bearerTokens(routerToken).clientId("registry-benchmark").build()) {
            follower.table().addListener(change -> {
                if (change.current() != null && change.current().state() == ExpertState.READY) {
                    Long sent = committedAt.get(change.expertId() + "@" + change.current().version());
                    long now = System.nanoTime();
                    if (sent != null) {
                        synchronized (propagation) {
                            propagation.add(now - sent);
                        }
                    }
                }
            });
            follower.start();
            if (!follower.awaitBootstrap(Duration.ofSeconds(60))) {
                throw new IllegalStateException("routing table did not bootstrap: " + follower.status());
            }
            // first heartbeat of every expert: REGISTERED → READY, one change event each
            timed(experts, clients, i -> {
                JsonNode reply = send("PUT", "/v1/experts/" + id(i) + "/heartbeat", heartbeat(i));
                committedAt.putIfAbsent(id(i) + "@" + reply.path("version").asLong(), System.nanoTime());
            });
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (propagation.size() < experts && System.nanoTime() < until) {
                Thread.sleep(50);
            }
        }
        long[] millis;
        synchronized (propagation) {
            millis = propagation.stream().mapToLong(TimeUnit.NANOSECONDS::toMillis).sorted().toArray();
        }
        System.out.printf("state changes seen by the routing table: %d of %d%n", millis.length, experts);
        System.out.printf("propagation_p50_ms=%d propagation_p99_ms=%d%n", percentile(millis, 0.50), percentile(millis, 0.99));

        double heartbeatsPerSecond = sustained(heartbeatSeconds, clients, experts);
        System.out.printf("heartbeats_per_s=%.0f propagation_p99_ms=%d%n", heartbeatsPerSecond, percentile(millis, 0.99));
    }

    /** Runs {@code count} calls over {@code clients} threads; returns calls per second. */
    private static double timed(int count, int clients, IntConsumer call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    call.accept(i);
                }
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private double sustained(int seconds, int clients, int experts) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicLong done = new AtomicLong();
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            workers.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    int i = Math.floorMod(next.getAndIncrement(), experts);
                    send("PUT", "/v1/experts/" + id(i) + "/heartbeat", heartbeat(i));
                    done.incrementAndGet();
                }
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    private JsonNode send(String method, String path, Object body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(registry.resolve(path))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30))
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                    .build();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                        + new String(response.body()));
            }
            return JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String id(int i) {
        return String.format("bench-%05d", i);
    }

    private static Map<String, Object> descriptor(int i) {
        return Map.of(
                "id", id(i),
                "modelId", "bench-model",
                "tasks", List.of(i % 2 == 0 ? "retrieval" : "vqa"),
                "inputModalities", List.of("text"),
                "outputModalities", List.of("text"),
                "endpoint", "http://127.0.0.1:9/experts/" + i,
                "protocol", "thalamus-v1",
                "cost", Map.of("creditsPerRequest", 0.001, "creditsPerGpuSecond", 0.01),
                "latency", Map.of("p50Ms", 20, "p95Ms", 60),
                "capacity", Map.of("maxConcurrency", 4, "maxBatch", 8));
    }

    private static Map<String, Object> heartbeat(int i) {
        return Map.of("load", Map.of("inFlight", i % 3, "queueDepth", i % 5, "latencyP50Ms", 20.0,
                "latencyP95Ms", 60.0, "errorRate", 0.0));
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? -1 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("options come in pairs: " + Arrays.toString(args));
        }
        return options;
    }
}
