package io.thalamus.expert.registration;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.thalamus.api.Json;
import io.thalamus.api.expert.ExpertDescriptor;
import io.thalamus.api.expert.Protocol;
import io.thalamus.api.registry.Heartbeat;
import io.thalamus.api.task.Modality;
import io.thalamus.api.task.TaskId;
import io.thalamus.expert.lifecycle.Draining;
import io.thalamus.expert.security.CallerRoles;
import io.thalamus.testkit.Await;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Registration, heartbeats, re-registration and draining against a registry that records what it is sent. */
@QuarkusTest
@TestSecurity(user = "thalamus-router", roles = CallerRoles.ROUTER)
@TestProfile(SelfRegistrationTest.FastRegistry.class)
@WithTestResource(RecordingRegistryResource.class)
class SelfRegistrationTest {

    public static class FastRegistry implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "thalamus.expert.registry.heartbeat-interval", "100ms",
                    "thalamus.expert.registry.retry.initial-backoff", "100ms",
                    "thalamus.expert.registry.retry.max-backoff", "1s");
        }
    }

    RecordingRegistry registry;

    @Inject
    SelfRegistration registration;

    @Inject
    Draining draining;

    private final ObjectMapper json = Json.newMapper();

    @Test
    void registersWithBackoffHeartbeatsReRegistersAndDrains() throws Exception {
        // 1. The registry answers 503 twice; the expert keeps trying, waiting longer each time.
        Await.until("the expert is registered", () -> registration.state() == RegistrationState.REGISTERED);
        List<RecordingRegistry.Call> attempts = registry.calls("PUT", "/v1/experts/upper-test");
        assertThat(attempts).extracting(RecordingRegistry.Call::status).containsExactly(503, 503, 201);
        long firstWait = attempts.get(1).receivedAtNanos() - attempts.get(0).receivedAtNanos();
        long secondWait = attempts.get(2).receivedAtNanos() - attempts.get(1).receivedAtNanos();
        assertThat(Duration.ofNanos(firstWait)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        assertThat(Duration.ofNanos(secondWait)).isGreaterThanOrEqualTo(Duration.ofMillis(200));

        ExpertDescriptor sent = json.readValue(attempts.get(2).body(), ExpertDescriptor.class);
        assertThat(sent.id()).isEqualTo("upper-test");
        assertThat(sent.modelId()).isEqualTo("upper-case-v1");
        assertThat(sent.protocol()).isEqualTo(Protocol.THALAMUS_V1);
        assertThat(sent.tasks()).containsExactly(TaskId.of("upper"), TaskId.of("shout"));
        assertThat(sent.inputModalities()).containsExactly(Modality.TEXT);
        assertThat(sent.cost().creditsPerRequest()).isEqualTo(0.5);
        assertThat(sent.quality().get("upper").score()).isEqualTo(0.9);
        assertThat(sent.quality().get("upper").source()).isEqualTo("exact by construction");
        assertThat(sent.capacity().maxConcurrency()).isEqualTo(1);
        assertThat(sent.capacity().maxBatch()).isEqualTo(8);
        assertThat(sent.node().zone()).isEqualTo("test-zone");
        assertThat(sent.node().labels()).containsEntry("pool", "cpu");
        assertThat(sent.endpoint().getScheme()).isEqualTo("http");
        assertThat(registry.calls()).allSatisfy(call -> assertThat(call.authorization()).startsWith("Bearer test-token-"));

        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'expert' }.data.registration", equalTo("registered"));

        // 2. Heartbeats report the load, including the latency of calls the expert served.
        given().contentType(ContentType.JSON)
                .body("{\"task\":\"upper\",\"input\":{\"text\":\"beat\"}}")
                .post("/v1/invoke")
                .then().statusCode(200);
        Await.until("a heartbeat reports the call's latency", () -> registry.calls("PUT", "/heartbeat").stream()
                .anyMatch(call -> heartbeat(call).load().latencyP50Ms() > 0));
        Heartbeat beat = heartbeat(registry.calls("PUT", "/heartbeat").get(registry.calls("PUT", "/heartbeat").size() - 1));
        assertThat(beat.load().inFlight()).isZero();
        assertThat(beat.load().queueDepth()).isZero();
        assertThat(beat.load().errorRate()).isZero();

        // 3. The registry forgets the expert: the next heartbeat gets 404 and the expert registers again.
        registry.forgetExpertAtNextHeartbeat();
        Await.until("the expert registered again", () -> registry.calls("PUT", "/v1/experts/upper-test").size() == 4
                && registration.state() == RegistrationState.REGISTERED);
        assertThat(registry.calls("PUT", "/heartbeat")).extracting(RecordingRegistry.Call::status).contains(404);
        assertThat(registry.calls("PUT", "/v1/experts/upper-test").get(3).status()).isEqualTo(201);

        // 4. Draining (what shutdown does): deregister, refuse new work, finish with a last heartbeat.
        assertThat(draining.drain()).isTrue();
        assertThat(registry.calls("DELETE", "/v1/experts/upper-test"))
                .extracting(RecordingRegistry.Call::status).containsExactly(202);
        assertThat(registration.state()).isEqualTo(RegistrationState.STOPPED);
        given().contentType(ContentType.JSON)
                .body("{\"task\":\"upper\",\"input\":{\"text\":\"too late\"}}")
                .post("/v1/invoke")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .body("reason", equalTo("draining"));
        given().get("/q/health/ready").then().statusCode(503);

        int heartbeatsAfterDrain = registry.calls("PUT", "/heartbeat").size();
        int registrationsAfterDrain = registry.calls("PUT", "/v1/experts/upper-test").size();
        Thread.sleep(400);
        assertThat(registry.calls("PUT", "/heartbeat")).hasSize(heartbeatsAfterDrain);
        assertThat(registry.calls("PUT", "/v1/experts/upper-test")).hasSize(registrationsAfterDrain);
    }

    private Heartbeat heartbeat(RecordingRegistry.Call call) {
        try {
            return json.readValue(call.body(), Heartbeat.class);
        } catch (Exception e) {
            throw new AssertionError("heartbeat body is not a Heartbeat: " + call.body(), e);
        }
    }
}
