package io.thalamus.router.e2e;

import io.thalamus.testkit.Await;
import io.thalamus.testkit.process.ServiceProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas of the retrieval expert serve a steady stream of requests through the packaged router; one is killed
 * (SIGKILL) mid-run. Every client request still succeeds: the router fails over to the survivor.
 */
class FailoverIT {

    private static final String SECOND_EXPERT_ID = PlatformServices.RETRIEVAL_EXPERT_ID + "-b";
    private static final int CLIENTS = 4;
    private static final int REQUESTS_PER_CLIENT = 40;

    private final RunningServices services = new RunningServices();

    @AfterEach
    void stopAll() {
        services.close();
    }

    @Test
    void killingAnExpertMidRunFailsNoClientRequest() throws Exception {
        ServiceProcess registry = services.add(PlatformServices.startRegistry());
        ServiceProcess first = services.add(PlatformServices.startRetrievalExpert(registry.baseUri(),
                Duration.ofSeconds(1)));
        services.add(PlatformServices.startRetrievalExpert("retrieval-expert-b", SECOND_EXPERT_ID, registry.baseUri(),
                Duration.ofSeconds(1)));
        ServiceProcess router = services.add(PlatformServices.startRouter("router", registry.baseUri()));
        RouterClient client = new RouterClient(router, "acme-app");
        Await.until("both experts are READY in the router's table", () -> {
            String models = client.get("/v1/models").body();
            return models.contains(PlatformServices.RETRIEVAL_EXPERT_ID + "\"") && models.contains(SECOND_EXPERT_ID)
                    && !models.contains("REGISTERED") && !models.contains("UNHEALTHY");
        });

        AtomicInteger done = new AtomicInteger();
        CountDownLatch killed = new CountDownLatch(1);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Map<String, AtomicInteger> servedAfterKill = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            clients.add(pool.submit(() -> {
                for (int i = 0; i < REQUESTS_PER_CLIENT; i++) {
                    boolean afterKill = killed.getCount() == 0;
                    HttpResponse<String> response = client.post("/v1/tasks", Map.of("task", "retrieval",
                            "input", Map.of("text", "Statins lower the risk of stroke " + i)), Map.of());
                    if (response.statusCode() != 200) {
                        failures.add(response.statusCode() + " " + response.body());
                    } else if (afterKill) {
                        String expertId = RouterClient.json(response).at("/routing/expertId").asText();
                        servedAfterKill.computeIfAbsent(expertId, id -> new AtomicInteger()).incrementAndGet();
                    }
                    done.incrementAndGet();
                }
                return null;
            }));
        }
        Await.until("a quarter of the requests are done", () -> done.get() >= CLIENTS * REQUESTS_PER_CLIENT / 4);
        first.kill();
        killed.countDown();
        for (Future<?> running : clients) {
            running.get();
        }
        pool.shutdown();

        assertThat(failures).as("failed client requests").isEmpty();
        assertThat(done.get()).isEqualTo(CLIENTS * REQUESTS_PER_CLIENT);
        assertThat(servedAfterKill).containsKey(SECOND_EXPERT_ID);
    }
}
