package io.thalamus.registry.expert;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.thalamus.registry.support.RegistryTestProfile;
import io.thalamus.registry.support.Tokens;
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

/** Bad descriptors, heartbeats and queries get 400 problem+json naming every invalid field, never a 500. */
@QuarkusTest
@TestProfile(RegistryTestProfile.class)
class DescriptorValidationTest {

    private final String id = "invalid-" + UUID.randomUUID();

    @Test
    void listsEveryInvalidFieldOfADescriptorAtOnce() {
        Map<String, Object> body = descriptor(id, UNREACHABLE, "vqa");
        body.put("id", "someone-else");
        body.put("protocol", "grpc");
        body.put("tasks", List.of());
        body.remove("endpoint");
        body.put("inputModalities", List.of("text", "audio"));
        body.put("cost", Map.of("creditsPerRequest", -1, "creditsPerGpuSecond", "free"));
        body.put("quality", Map.of("vqa", Map.of("score", 1.5)));
        body.put("latency", Map.of("p50Ms", 200, "p95Ms", 100));
        body.put("capacity", Map.of("maxConcurrency", 1_000_000, "maxBatch", 0));

        List<String> fields = rejected(body)
                .body("type", equalTo("https://thalamus.dev/problems/invalid-request"))
                .body("status", equalTo(400))
                .extract().jsonPath().getList("errors.field", String.class);

        assertThat(fields).containsExactlyInAnyOrder("id", "protocol", "tasks", "endpoint", "inputModalities[1]",
                "cost.creditsPerRequest", "cost.creditsPerGpuSecond", "quality.vqa", "latency.p95Ms",
                "capacity.maxConcurrency", "capacity.maxBatch");
    }

    @Test
    void explainsEachRejectionClearly() {
        Map<String, Object> body = descriptor(id, UNREACHABLE, "vqa");
        body.put("protocol", "grpc");
        body.put("tasks", List.of("VQA!", "vqa", "vqa"));
        body.put("cost", Map.of("creditsPerRequest", -0.5, "creditsPerGpuSecond", 0));
        body.put("capacity", Map.of("maxConcurrency", 1_000_000, "maxBatch", 1));
        body.put("quality", Map.of("ocr", Map.of("score", 0.5), "vqa", Map.of("score", 1.5)));

        Map<String, String> messages = messagesOf(rejected(body));

        assertThat(messages.get("protocol")).contains("unknown protocol 'grpc'").contains("thalamus-v1")
                .contains("openai-chat").contains("kserve-v2");
        assertThat(messages.get("tasks[0]")).contains("'VQA!' is not a task id");
        assertThat(messages.get("tasks[2]")).contains("listed twice");
        assertThat(messages.get("cost.creditsPerRequest")).contains("must not be negative");
        assertThat(messages.get("capacity.maxConcurrency")).contains("between 1 and 4096");
        assertThat(messages.get("quality.ocr")).contains("not one of the declared tasks");
        assertThat(messages.get("quality.vqa.score")).contains("at most 1");
    }

    @Test
    void aDomainNeedsANameAndAFewShortDistinctPilotQueries() {
        Map<String, String> messages = messagesOf(rejected(with(descriptor(id, UNREACHABLE, "retrieval"), "domain",
                Map.of("pilotQueries", List.of("what causes tides", "x".repeat(513), "what causes tides", " ")))));
        assertThat(messages).containsOnlyKeys("domain.name", "domain.pilotQueries[1]", "domain.pilotQueries[2]",
                "domain.pilotQueries[3]");
        assertThat(messages.get("domain.pilotQueries[1]")).contains("at most 512 characters");
        assertThat(messages.get("domain.pilotQueries[2]")).contains("listed twice");

        List<String> tooMany = java.util.stream.IntStream.range(0, 101).mapToObj(i -> "query " + i).toList();
        assertThat(messagesOf(rejected(with(descriptor(id, UNREACHABLE, "retrieval"), "domain",
                Map.of("name", "web", "pilotQueries", tooMany)))).get("domain.pilotQueries"))
                .contains("1 to 100");
        assertThat(messagesOf(rejected(with(descriptor(id, UNREACHABLE, "retrieval"), "domain", "web"))))
                .containsOnlyKeys("domain");

        expert().body(with(descriptor(id, UNREACHABLE, "retrieval"), "domain",
                        Map.of("name", "scientific-claims", "pilotQueries", List.of("Vitamin D prevents fractures."))))
                .put("/v1/experts/{id}", id)
                .then().statusCode(201)
                .body("descriptor.domain.name", equalTo("scientific-claims"))
                .body("descriptor.domain.pilotQueries[0]", equalTo("Vitamin D prevents fractures."));
    }

    @Test
    void refusesEndpointsThatWouldLetTheRegistryOrRouterReachWhatTheyMustNot() {
        assertThat(endpointRejection("http://169.254.169.254/latest/meta-data")).contains("metadata");
        assertThat(endpointRejection("http://[fd00:ec2::254]/")).contains("metadata");
        assertThat(endpointRejection("http://169.254.10.1:8080")).contains("link-local");
        assertThat(endpointRejection("http://0.0.0.0:8080")).contains("unspecified");
        assertThat(endpointRejection("http://224.0.0.1:8080")).contains("multicast");
        assertThat(endpointRejection("file:///etc/passwd")).contains("scheme");
        assertThat(endpointRejection("http://expert:secret@10.0.0.7:8080")).contains("credentials");
        assertThat(endpointRejection("not a url")).contains("not a valid URL");

        // the allow-list of this deployment admits loopback (local development)
        expert().body(descriptor(id, "http://127.0.0.1:9", "vqa")).put("/v1/experts/{id}", id)
                .then().statusCode(201);
    }

    @Test
    void aBodyThatIsNotJsonOrNotAnObjectIsA400() {
        expert().body("{\"tasks\": [").put("/v1/experts/{id}", id)
                .then().statusCode(400).contentType("application/problem+json");
        expert().body(List.of("vqa")).put("/v1/experts/{id}", id)
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("invalid field"));
        expert().body(descriptor("snapshot", UNREACHABLE, "vqa")).put("/v1/experts/{id}", "snapshot")
                .then().statusCode(400).body("errors[0].field", equalTo("id"))
                .body("errors[0].message", containsString("reserved"));
    }

    @Test
    void heartbeatsWithImpossibleLoadAreRejectedNamingTheFields() {
        expert().body(descriptor(id, UNREACHABLE, "vqa")).put("/v1/experts/{id}", id).then().statusCode(201);

        Map<String, String> messages = messagesOf(expert()
                .body(Map.of("load", Map.of("inFlight", -1, "queueDepth", 0, "latencyP50Ms", 1, "latencyP95Ms", -2,
                        "errorRate", 1.5)))
                .put("/v1/experts/{id}/heartbeat", id).then().statusCode(400));
        assertThat(messages).containsOnlyKeys("load.inFlight", "load.latencyP95Ms", "load.errorRate");

        expert().body(Map.of("load", Map.of("inFlight", "many"))).put("/v1/experts/{id}/heartbeat", id)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("load.inFlight"));
        expert().body(Map.of()).put("/v1/experts/{id}/heartbeat", id)
                .then().statusCode(400).body("errors[0].field", equalTo("load"));
    }

    @Test
    void badListFiltersAreAllReported() {
        Map<String, String> messages = messagesOf(given().auth().oauth2(Tokens.of(Tokens.TENANT_APP))
                .get("/v1/experts?task=Not A Task&modality=audio&state=SLEEPING&label=nolabel&limit=0")
                .then().statusCode(400));
        assertThat(messages).containsOnlyKeys("task", "modality", "state", "label", "limit");
    }

    private String endpointRejection(String endpoint) {
        Map<String, String> messages = messagesOf(rejected(with(descriptor(id, UNREACHABLE, "vqa"), "endpoint",
                endpoint)));
        assertThat(messages).containsOnlyKeys("endpoint");
        return messages.get("endpoint");
    }

    private ValidatableResponse rejected(Map<String, Object> body) {
        return expert().body(body).put("/v1/experts/{id}", id)
                .then().statusCode(400).contentType("application/problem+json");
    }

    private static Map<String, String> messagesOf(ValidatableResponse response) {
        List<Map<String, String>> errors = response.extract().jsonPath().getList("errors");
        return errors.stream().collect(java.util.stream.Collectors.toMap(e -> e.get("field"), e -> e.get("message"),
                (a, b) -> a + "; " + b));
    }

    private static RequestSpecification expert() {
        return given().auth().oauth2(Tokens.of(Tokens.RETRIEVAL_EXPERT)).contentType(ContentType.JSON);
    }
}
