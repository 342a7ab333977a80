package io.thalamus.router.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.thalamus.testkit.TestServers;
import io.thalamus.testkit.process.ServiceProcess;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisAPI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two packaged routers share one Redis and PostgreSQL; an operator sets a tenant's quota through one of them, and many
 * clients of the tenant send requests to both at once. Exactly the tenant's requests per minute are admitted across the two (never more, none wrongly refused), the rest get 429
 * with the rate-limit headers, and every concurrency slot is given back.
 * <p>
 * The requests ask for text-to-image, which no expert of the integration tests serves (experts registered by
 * earlier tests may still be in the shared registry database): an admitted request passes the quota gate and
 * then answers 503 no-expert-available, which tells admitted and refused requests apart without running a model.
 */
class QuotaAcrossReplicasIT {

    private static final String TENANT = "globex";
    private static final int LIMIT = 30;
    private static final int CLIENTS = 8;
    private static final int REQUESTS_PER_CLIENT = 10;

    private final RunningServices services = new RunningServices();

    @AfterEach
    void stopAll() {
        services.close();
    }

    @Test
    void twoReplicasAdmitExactlyTheTenantsLimit() throws Exception {
        ServiceProcess registry = services.add(PlatformServices.startRegistry());
        // every tenant may send 1000 a minute by default; the operator holds this one to LIMIT
        Map<String, String> quotas = Map.of("thalamus.router.quota.defaults.requests-per-minute", "1000");
        List<ServiceProcess> replicas = List.of(
                services.add(PlatformServices.startRouter("router-quota-a", registry.baseUri(),
                        ServiceProcess.TEST_JVM, quotas)),
                services.add(PlatformServices.startRouter("router-quota-b", registry.baseUri(),
                        ServiceProcess.TEST_JVM, quotas)));
        List<RouterClient> routers = replicas.stream().map(router -> new RouterClient(router, TENANT + "-app"))
                .toList();
        Map<String, Object> limits = new HashMap<>();
        limits.put("requestsPerMinute", LIMIT);
        limits.put("concurrentRequests", 1000);
        assertThat(routers.get(0).put("/v1/admin/quotas/" + TENANT, limits).statusCode())
                .as("a tenant cannot set its own quotas").isEqualTo(403);
        HttpResponse<String> defined = new RouterClient(replicas.get(0), "thalamus-admin")
                .put("/v1/admin/quotas/" + TENANT, limits);
        assertThat(defined.statusCode()).as(defined.body()).isEqualTo(200);
        for (RouterClient router : routers) {
            assertThat(RouterClient.json(router.get("/v1/quotas")).at("/tenantWide/requestsPerMinute").asInt())
                    .as("the tenant reads its limit on every replica").isEqualTo(LIMIT);
        }
        for (ServiceProcess router : replicas) {
            // another tenant's request opens each replica's Redis connection before the burst
            assertThat(new RouterClient(router, "acme-app").post("/v1/tasks", Map.of("task", "text-to-image",
                    "input", Map.of("text", "warm-up")), Map.of()).statusCode()).isEqualTo(503);
        }

        ConcurrentLinkedQueue<HttpResponse<String>> responses = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < REQUESTS_PER_CLIENT; i++) {
                    RouterClient router = routers.get((client + i) % routers.size());
                    responses.add(router.post("/v1/tasks", Map.of("task", "text-to-image",
                            "input", Map.of("text", "client " + client + " request " + i)), Map.of()));
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> client : clients) {
            client.get();
        }
        pool.shutdown();

        List<HttpResponse<String>> refused = responses.stream().filter(r -> r.statusCode() == 429).toList();
        List<HttpResponse<String>> admitted = responses.stream().filter(r -> r.statusCode() != 429).toList();
        assertThat(responses).hasSize(CLIENTS * REQUESTS_PER_CLIENT);
        assertThat(admitted).as("admitted across both replicas").hasSize(LIMIT);
        assertThat(admitted).allSatisfy(response -> assertThat(RouterClient.json(response).at("/type").asText())
                .as(response.body()).endsWith("/no-expert-available"));
        assertThat(refused).allSatisfy(response -> {
            JsonNode problem = RouterClient.json(response);
            assertThat(problem.at("/type").asText()).endsWith("/quota-exceeded");
            assertThat(problem.at("/quota").asText()).isEqualTo("requests-per-minute");
            assertThat(problem.at("/tenant").asText()).isEqualTo(TENANT);
            assertThat(response.headers().firstValue("RateLimit-Limit")).hasValue(Integer.toString(LIMIT));
            assertThat(response.headers().firstValue("RateLimit-Remaining")).hasValue("0");
            assertThat(response.headers().firstValueAsLong("Retry-After").orElse(0)).isBetween(1L, 60L);
            assertThat(response.headers().firstValue("RateLimit-Reset"))
                    .isEqualTo(response.headers().firstValue("Retry-After"));
        });
        assertThat(concurrencySlotsHeld()).as("slots still held by tenant '%s'", TENANT).isZero();
    }

    private static int concurrencySlotsHeld() {
        Vertx vertx = Vertx.vertx();
        try {
            Redis redis = Redis.createClient(vertx, TestServers.redis().url());
            return RedisAPI.api(redis).zcard("thalamus:quota:{" + TENANT + "}:concurrent:*")
                    .await().atMost(Duration.ofSeconds(10)).toInteger();
        } finally {
            vertx.closeAndAwait();
        }
    }
}
