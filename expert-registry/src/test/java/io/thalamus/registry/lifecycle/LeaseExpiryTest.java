package io.thalamus.registry.lifecycle;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.thalamus.api.registry.ExpertState;
import io.thalamus.api.registry.RegisteredExpert;
import io.thalamus.registry.client.ExpertChange;
import io.thalamus.testkit.Await;
import io.thalamus.registry.support.FollowedRegistry;
import io.thalamus.registry.support.RegistryTestProfile;
import io.thalamus.registry.support.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.thalamus.registry.support.Descriptors.UNREACHABLE;
import static io.thalamus.registry.support.Descriptors.descriptor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Missed leases make experts UNHEALTHY; only resumed heartbeats plus a successful probe make them READY again. */
@QuarkusTest
@TestProfile(RegistryTestProfile.ShortLeases.class)
class LeaseExpiryTest {

    private static final Map<String, Object> IDLE = Map.of("load", Map.of("inFlight", 0, "queueDepth", 0,
            "latencyP50Ms", 0, "latencyP95Ms", 0, "errorRate", 0));

    private static FollowedRegistry router;

    @BeforeEach
    void followTheRegistry() throws InterruptedException {
        if (router == null) {
            router = FollowedRegistry.start();
        }
    }

    @AfterAll
    static void stopFollowing() {
        if (router != null) {
            router.close();
            router = null;
        }
    }

    @Test
    void aMissedLeasePublishesUnhealthyAndRecoveryNeedsHeartbeatsAndAProbe() {
        String id = "lease-" + UUID.randomUUID();
        // the registry's own readiness endpoint stands in for the expert's
        String endpoint = "http://127.0.0.1:" + RestAssured.port;
        expert().body(descriptor(id, endpoint, "vqa")).put("/v1/experts/{id}", id).then().statusCode(201);
        expert().body(IDLE).put("/v1/experts/{id}/heartbeat", id).then().statusCode(200)
                .body("state", equalTo("READY"));

        // no more heartbeats: the lease runs out
        Await.until("the router sees the expert UNHEALTHY", () -> stateSeen(id) == ExpertState.UNHEALTHY);
        RegisteredExpert unhealthy = router.table().get(id).orElseThrow();
        assertThat(unhealthy.stateReason()).contains("lease expired");
        assertThat(unhealthy.stateSince()).isAfterOrEqualTo(unhealthy.leaseExpiresAt());

        // a heartbeat alone does not make it READY...
        expert().body(IDLE).put("/v1/experts/{id}/heartbeat", id).then().statusCode(200)
                .body("state", equalTo("UNHEALTHY"));
        // ...the readiness probe that follows does (heartbeats keep coming meanwhile)
        Await.until("the router sees the expert READY again", () -> {
            expert().body(IDLE).put("/v1/experts/{id}/heartbeat", id).then().statusCode(200);
            return stateSeen(id) == ExpertState.READY;
        });
        assertThat(router.table().get(id).orElseThrow().stateReason()).contains("recovered");

        List<ExpertChange> changes = router.changesOf(id);
        assertThat(changes).extracting(change -> change.current().state())
                .containsExactly(ExpertState.REGISTERED, ExpertState.READY, ExpertState.UNHEALTHY, ExpertState.READY);
        assertThat(changes).extracting(change -> change.current().version()).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void anExpertThatNeverAnswersItsProbeStaysUnhealthyDespiteHeartbeats() {
        String id = "unreachable-" + UUID.randomUUID();
        expert().body(descriptor(id, UNREACHABLE, "vqa")).put("/v1/experts/{id}", id).then().statusCode(201);
        expert().body(IDLE).put("/v1/experts/{id}/heartbeat", id).then().statusCode(200);
        Await.until("the router sees the expert UNHEALTHY", () -> stateSeen(id) == ExpertState.UNHEALTHY);

        // heartbeats resume, but the probe keeps failing; a later, probed expert shows probe rounds did run
        String witness = "witness-" + UUID.randomUUID();
        expert().body(descriptor(witness, "http://127.0.0.1:" + RestAssured.port, "vqa"))
                .put("/v1/experts/{id}", witness).then().statusCode(201);
        Await.until("a probe round made the witness READY", () -> {
            expert().body(IDLE).put("/v1/experts/{id}/heartbeat", id).then().statusCode(200);
            // the witness keeps its lease too, or it can expire before a probe round reaches it
            expert().body(IDLE).put("/v1/experts/{id}/heartbeat", witness).then().statusCode(200);
            return stateSeen(witness) == ExpertState.READY;
        });
        expert().body(IDLE).put("/v1/experts/{id}/heartbeat", id).then().statusCode(200)
                .body("state", equalTo("UNHEALTHY"));
    }

    @Test
    void aDrainingExpertWhoseLeaseRunsOutIsGone() {
        String id = "drain-" + UUID.randomUUID();
        expert().body(descriptor(id, UNREACHABLE, "vqa")).put("/v1/experts/{id}", id).then().statusCode(201);
        expert().delete("/v1/experts/{id}", id).then().statusCode(202);

        router.awaitVersion(id, 3);
        assertThat(router.table().get(id)).isEmpty();
        given().auth().oauth2(Tokens.of(Tokens.TENANT_APP)).get("/v1/experts/{id}", id).then().statusCode(200)
                .body("state", equalTo("GONE")).body("stateReason", equalTo("lease expired while draining"));
    }

    private static ExpertState stateSeen(String id) {
        return router.table().get(id).map(RegisteredExpert::state).orElse(null);
    }

    private static RequestSpecification expert() {
        return given().auth().oauth2(Tokens.of(Tokens.RETRIEVAL_EXPERT)).contentType(ContentType.JSON);
    }
}
