package io.thalamus.registry.expert;

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
import static io.thalamus.registry.support.Descriptors.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/** Every change of a registration reaches a router's routing table through the outbox and the event topic. */
@QuarkusTest
@TestProfile(RegistryTestProfile.class)
class RegistrationLifecycleTest {

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
    void registrationUpdateHeartbeatsAndDrainReachTheRoutingTableOncePerVersion() {
        String id = "lifecycle-" + UUID.randomUUID();
        Map<String, Object> descriptor = descriptor(id, UNREACHABLE, "vqa");

        RegisteredExpert registered = expert().body(descriptor).put("/v1/experts/{id}", id)
                .then().statusCode(201)
                .header("ETag", "\"1\"")
                .header("Location", containsString("/v1/experts/" + id))
                .extract().as(RegisteredExpert.class);
        assertThat(registered.state()).isEqualTo(ExpertState.REGISTERED);
        assertThat(registered.descriptor().owner()).isEqualTo(Tokens.RETRIEVAL_EXPERT);
        router.awaitVersion(id, 1);
        assertThat(router.table().get(id)).get().extracting(RegisteredExpert::state).isEqualTo(ExpertState.REGISTERED);

        // the same registration again changes nothing
        expert().body(descriptor).put("/v1/experts/{id}", id).then().statusCode(200).header("ETag", "\"1\"");

        expert().body(with(descriptor, "modelId", "model-v2")).put("/v1/experts/{id}", id)
                .then().statusCode(200).header("ETag", "\"2\"");

        // the first heartbeat makes it READY; the ones after only renew the lease and record load
        expert().body(heartbeat(0)).put("/v1/experts/{id}/heartbeat", id)
                .then().statusCode(200).header("ETag", "\"3\"").body("state", equalTo("READY"));
        expert().body(heartbeat(3)).put("/v1/experts/{id}/heartbeat", id)
                .then().statusCode(200).header("ETag", "\"3\"").body("load.inFlight", equalTo(3));

        expert().delete("/v1/experts/{id}", id)
                .then().statusCode(202).header("ETag", "\"4\"").body("state", equalTo("DRAINING"));
        expert().body(heartbeat(1)).put("/v1/experts/{id}/heartbeat", id)
                .then().statusCode(200).body("state", equalTo("DRAINING"));
        expert().body(heartbeat(0)).put("/v1/experts/{id}/heartbeat", id)
                .then().statusCode(200).header("ETag", "\"5\"").body("state", equalTo("GONE"))
                .body("stateReason", containsString("drained"));

        router.awaitVersion(id, 5);
        assertThat(router.table().get(id)).isEmpty();
        List<ExpertChange> changes = router.changesOf(id);
        assertThat(changes).extracting(change -> change.current() == null ? null : change.current().version())
                .containsExactly(1L, 2L, 3L, 4L, null);
        assertThat(changes.get(1).current().descriptor().modelId()).isEqualTo("model-v2");
        assertThat(changes.get(2).current().state()).isEqualTo(ExpertState.READY);
        assertThat(changes.get(3).current().state()).isEqualTo(ExpertState.DRAINING);
        assertThat(changes.get(0).traceParent()).isNotBlank();

        // a GONE expert keeps its history but no longer takes heartbeats or shows up in lists
        expert().body(heartbeat(0)).put("/v1/experts/{id}/heartbeat", id).then().statusCode(404)
                .contentType("application/problem+json");
        reader().get("/v1/experts/{id}", id).then().statusCode(200).body("state", equalTo("GONE"));
        reader().get("/v1/experts?task=vqa").then().statusCode(200).body("descriptor.id", not(hasItem(id)));
        reader().get("/v1/experts?task=vqa&state=GONE").then().statusCode(200).body("descriptor.id", hasItem(id));

        // registering again starts over, continuing the version sequence
        expert().body(descriptor).put("/v1/experts/{id}", id)
                .then().statusCode(201).header("ETag", "\"6\"").body("state", equalTo("REGISTERED"));
        router.awaitVersion(id, 6);
        assertThat(router.table().get(id)).isPresent();
    }

    @Test
    void aSuccessfulReadinessProbeMakesARegisteredExpertReady() {
        String id = "probed-" + UUID.randomUUID();
        // the registry's own health endpoint stands in for the expert's
        String endpoint = "http://127.0.0.1:" + RestAssured.port;

        expert().body(descriptor(id, endpoint, "retrieval")).put("/v1/experts/{id}", id).then().statusCode(201);

        router.awaitVersion(id, 2);
        RegisteredExpert ready = router.table().get(id).orElseThrow();
        assertThat(ready.state()).isEqualTo(ExpertState.READY);
        assertThat(ready.stateReason()).contains("readiness probe");
    }

    @Test
    void theSnapshotCarriesTheEventPositionAsAWeakETag() {
        String id = "snapshot-" + UUID.randomUUID();
        expert().body(descriptor(id, UNREACHABLE, "vqa")).put("/v1/experts/{id}", id).then().statusCode(201);

        var snapshot = reader().get("/v1/experts/snapshot").then().statusCode(200).extract();
        long position = snapshot.jsonPath().getLong("position");
        assertThat(snapshot.header("ETag")).isEqualTo("W/\"" + position + "\"");
        assertThat(snapshot.jsonPath().getList("experts.descriptor.id", String.class)).contains(id);

        reader().header("If-None-Match", snapshot.header("ETag")).get("/v1/experts/snapshot").then().statusCode(304);

        expert().body(with(descriptor(id, UNREACHABLE, "vqa"), "modelId", "other")).put("/v1/experts/{id}", id)
                .then().statusCode(200);
        reader().header("If-None-Match", snapshot.header("ETag")).get("/v1/experts/snapshot").then()
                .statusCode(200).body("position", org.hamcrest.Matchers.greaterThan((int) position));
        Await.until("the follower catches up", () -> router.table().versionOf(id) == 2);
    }

    private static Map<String, Object> heartbeat(int inFlight) {
        return Map.of("load", Map.of("inFlight", inFlight, "queueDepth", 0, "latencyP50Ms", 12.5,
                "latencyP95Ms", 40.0, "errorRate", 0.0));
    }

    private static RequestSpecification expert() {
        return given().auth().oauth2(Tokens.of(Tokens.RETRIEVAL_EXPERT)).contentType(ContentType.JSON);
    }

    private static RequestSpecification reader() {
        return given().auth().oauth2(Tokens.of(Tokens.TENANT_APP));
    }
}
