package io.thalamus.retrieval.expert;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.thalamus.expert.security.CallerRoles;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

/** The retrieval expert on its own, with the real MiniLM encoder over the bundled SciFact sample. */
@QuarkusTest
@TestSecurity(user = "thalamus-router", roles = CallerRoles.ROUTER)
class RetrievalExpertTest {

    @Test
    void aClaimFindsTheAbstractThatAddressesIt() {
        // a SciFact test claim, judged against abstract 5953485
        invoke("ADAR1 binds to Dicer to cleave pre-miRNA.", 3)
                .then().statusCode(200)
                .body("modelId", equalTo("all-minilm-l6-v2-q"))
                .body("output.collection", equalTo("scifact-sample"))
                .body("output.documents.id", hasItem("5953485"))
                .body("output.documents.score", everyItem(greaterThan(0f)))
                .body("usage.credits", greaterThan(0f));
    }

    @Test
    void batchedQueriesAnswerInOrder() {
        Map<String, Object> body = Map.of("items", List.of(
                request("r1", "0-dimensional biomaterials show inductive properties.", 1),
                request("r2", "", 1)));
        given().contentType(ContentType.JSON).body(body).post("/v1/invoke:batch")
                .then().statusCode(200)
                .body("items.requestId", contains("r1", "r2"))
                .body("items[0].response.output.documents.size()", equalTo(1))
                .body("items[1].problem.status", equalTo(400));
    }

    @Test
    void topKOutsideItsRangeIsAProblemNamingTheParameter() {
        invoke("vitamin D and bone density", 1000)
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("params.topK"));
    }

    @Test
    void theEmbeddingTaskAnswersTheUnitVectorOfTheText() {
        Map<String, Object> body = Map.of("requestId", "e1", "tenant", "acme", "task", "embedding",
                "input", Map.of("text", "Vitamin D deficiency affects bone health"),
                "deadline", Instant.now().plusSeconds(60).toString());
        List<Float> vector = given().contentType(ContentType.JSON).body(body).post("/v1/invoke")
                .then().statusCode(200)
                .body("modelId", equalTo("all-minilm-l6-v2-q"))
                .body("output.dimensions", equalTo(384))
                .extract().jsonPath().getList("output.embedding", Float.class);
        double norm = Math.sqrt(vector.stream().mapToDouble(v -> v * v).sum());
        org.assertj.core.api.Assertions.assertThat(vector).hasSize(384);
        org.assertj.core.api.Assertions.assertThat(norm).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-3));
    }

    private static io.restassured.response.Response invoke(String text, int topK) {
        return given().contentType(ContentType.JSON).body(request("r", text, topK)).post("/v1/invoke");
    }

    private static Map<String, Object> request(String id, String text, int topK) {
        return Map.of("requestId", id, "tenant", "acme", "task", "retrieval", "input", Map.of("text", text),
                "params", Map.of("topK", topK), "deadline", Instant.now().plusSeconds(60).toString());
    }
}
