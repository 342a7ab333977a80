package io.thalamus.registry.lifecycle;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.thalamus.api.registry.ExpertState;
import io.thalamus.api.registry.RegisteredExpert;
import io.thalamus.registry.client.ExpertChange;
import io.thalamus.registry.support.FollowedRegistry;
import io.thalamus.registry.support.RegistryTestProfile;
import io.thalamus.registry.support.Tokens;
import io.thalamus.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static io.thalamus.registry.support.Descriptors.descriptor;
import static io.thalamus.registry.support.Descriptors.with;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A model server registered with the OpenAI protocol sends no heartbeats: its successful readiness probes keep its
 * lease, failed ones let it expire, and the next successful probe brings it back.
 */
@QuarkusTest
@TestProfile(RegistryTestProfile.ProbeRenewedLeases.class)
class ProbeRenewedLeaseTest {

    private final AtomicInteger healthStatus = new AtomicInteger(200);
    private final AtomicInteger probes = new AtomicInteger();
    private HttpServer modelServer;
    private FollowedRegistry router;

    @BeforeEach
    void start() throws IOException, InterruptedException {
        modelServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        modelServer.createContext("/health", exchange -> {
            probes.incrementAndGet();
            exchange.sendResponseHeaders(healthStatus.get(), -1);
            exchange.close();
        });
        modelServer.start();
        router = FollowedRegistry.start();
    }

    @AfterEach
    void stop() {
        router.close();
        modelServer.stop(0);
    }

    @Test
    void probesKeepTheLeaseOfAServerThatSendsNoHeartbeats() {
        String id = "vllm-" + UUID.randomUUID();
        String endpoint = "http://127.0.0.1:" + modelServer.getAddress().getPort();
        Map<String, Object> body = with(descriptor(id, endpoint, "vqa"), "protocol", "openai-chat");
        given().auth().oauth2(Tokens.of(Tokens.RETRIEVAL_EXPERT)).contentType(ContentType.JSON).body(body)
                .put("/v1/experts/{id}", id).then().statusCode(201);

        Await.until("the router sees the model server READY", () -> stateSeen(id) == ExpertState.READY);
        // a lease is three seconds and probes come every second: eight probes span more than two leases
        int seen = probes.get();
        Await.until("eight more probes", () -> probes.get() >= seen + 8);
        RegisteredExpert renewed = router.table().get(id).orElseThrow();
        assertThat(renewed.state()).isEqualTo(ExpertState.READY);
        assertThat(leaseExpiresAt(id)).isAfter(Instant.now());

        healthStatus.set(503);
        Await.until("the router sees the model server UNHEALTHY", () -> stateSeen(id) == ExpertState.UNHEALTHY);
        assertThat(router.table().get(id).orElseThrow().stateReason()).contains("lease expired");

        healthStatus.set(200);
        Await.until("the router sees the model server READY again", () -> stateSeen(id) == ExpertState.READY);
        assertThat(router.table().get(id).orElseThrow().stateReason())
                .isEqualTo("recovered: the readiness probe succeeded again");

        List<ExpertChange> changes = router.changesOf(id);
        assertThat(changes).extracting(change -> change.current().state())
                .containsExactly(ExpertState.REGISTERED, ExpertState.READY, ExpertState.UNHEALTHY, ExpertState.READY);
    }

    private ExpertState stateSeen(String id) {
        return router.table().get(id).map(RegisteredExpert::state).orElse(null);
    }

    private static Instant leaseExpiresAt(String id) {
        return Instant.parse(given().auth().oauth2(Tokens.of(Tokens.TENANT_APP)).get("/v1/experts/{id}", id)
                .then().statusCode(200).extract().path("leaseExpiresAt"));
    }
}
