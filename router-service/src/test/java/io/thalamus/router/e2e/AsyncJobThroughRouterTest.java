package io.thalamus.router.e2e;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.thalamus.router.directory.ExpertDirectory;
import io.thalamus.testkit.Await;
import io.thalamus.testkit.keycloak.KeycloakTokens;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * A task submitted asynchronously is stored in PostgreSQL, handed to the real retrieval expert over Kafka, and its
 * one result is read back by the tenant that submitted it, and by nobody else.
 */
@QuarkusTest
@QuarkusTestResource(PlatformServicesResource.class)
class AsyncJobThroughRouterTest {

    @Inject
    ExpertDirectory directory;

    @BeforeEach
    void expertIsRoutable() {
        PlatformServicesResource.awaitRetrievalExpertReady(directory);
    }

    @Test
    void aJobRunsOnceThroughKafkaAndOnlyItsTenantReadsIt() throws Exception {
        String acme = token("acme-app");
        Response accepted = given().auth().oauth2(acme).contentType(ContentType.JSON)
                .header("Prefer", "respond-async")
                .body(Map.of("task", "retrieval",
                        "input", Map.of("text", "Vitamin D deficiency is associated with bone fractures"),
                        "params", Map.of("topK", 3)))
                .post("/v1/tasks");
        accepted.then().statusCode(202)
                .body("status", equalTo("QUEUED"))
                .body("routing.expertId", equalTo(PlatformServicesResource.RETRIEVAL_EXPERT_ID));
        String id = accepted.jsonPath().getString("id");
        assertThat(accepted.header("Location")).endsWith("/v1/tasks/" + id);

        Await.until("the job SUCCEEDED", () -> "SUCCEEDED".equals(given().auth().oauth2(acme)
                .get("/v1/tasks/{id}", id).then().statusCode(200).extract().path("status")));
        given().auth().oauth2(acme).get("/v1/tasks/{id}", id).then().statusCode(200)
                .body("output.documents.size()", equalTo(3))
                .body("modelId", equalTo("all-minilm-l6-v2-q"))
                .body("routing.task", equalTo("retrieval"));

        given().auth().oauth2(token("globex-app")).get("/v1/tasks/{id}", id).then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
        assertThat(PublishedResults.of(id)).hasSize(1);
    }

    @Test
    void unknownTaskIdsAreNotFound() {
        given().auth().oauth2(token("acme-app")).get("/v1/tasks/{id}", UUID.randomUUID().toString())
                .then().statusCode(404).contentType(startsWith("application/problem+json"));
        given().auth().oauth2(token("acme-app")).get("/v1/tasks/{id}", "not-a-task-id")
                .then().statusCode(404).contentType(startsWith("application/problem+json"));
    }

    private static String token(String client) {
        return KeycloakTokens.serviceAccount(client);
    }
}
