package io.thalamus.router.e2e;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.thalamus.api.registry.ExpertState;
import io.thalamus.api.task.TaskId;
import io.thalamus.router.directory.ExpertDirectory;
import io.thalamus.testkit.Await;
import io.thalamus.testkit.keycloak.KeycloakTokens;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * A product team's collection through the router: JSON Lines in, search by a retrieval task with
 * {@code params.collection}, tenants kept apart, and the index kept when the expert that holds it crashes.
 * Real registry, retrieval expert (MiniLM through DJL), Keycloak tokens of two tenants.
 */
@QuarkusTest
@QuarkusTestResource(PlatformServicesResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CollectionsThroughRouterTest {

    private static final String COLLECTION = "field-notes";
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String JSON_LINES = "application/x-ndjson";

    private static final List<String> DOCUMENTS = List.of(
            line("volcano", "Volcanic eruptions", "Magma rises through the crust and erupts as lava and ash from the "
                    + "vent of a volcano; pyroclastic flows follow the slopes.", "geology"),
            line("tides", "Ocean tides", "The gravitational pull of the moon and the sun raises and lowers the sea "
                    + "level twice a day along the coast.", "oceans"),
            line("sourdough", "Baking sourdough bread", "A starter of wild yeast and lactic acid bacteria leavens "
                    + "the dough, which proofs overnight before baking in a hot oven.", "food"),
            line("glacier", "Glaciers", "Compacted snow turns into ice that flows slowly downhill, carving valleys "
                    + "and leaving moraines behind.", "geology"));

    @Inject
    ExpertDirectory directory;

    private String acme;
    private String globex;

    @BeforeEach
    void hostIsReady() {
        acme = KeycloakTokens.serviceAccount("acme-app");
        globex = KeycloakTokens.serviceAccount("globex-app");
        PlatformServicesResource.awaitRetrievalExpertReady(directory);
    }

    @Test
    @Order(1)
    void uploadReportsBadLinesByNumberAndIndexesTheOthers() {
        as(acme).delete("/v1/collections/" + COLLECTION); // left over from an earlier run, if any
        as(acme).put("/v1/collections/" + COLLECTION).then().statusCode(201).body("name", equalTo(COLLECTION));

        String upload = String.join("\n", DOCUMENTS.get(0), DOCUMENTS.get(1), "{not json", DOCUMENTS.get(2),
                "{\"title\": \"no id\", \"text\": \"a document without its id\"}",
                line("huge", "Too long", "x".repeat(100_001), "misc"), DOCUMENTS.get(3)) + "\n";
        upload(acme, upload).post("/v1/collections/" + COLLECTION + "/documents")
                .then().statusCode(200)
                .body("state", equalTo("SUCCEEDED"))
                .body("lines", equalTo(7))
                .body("accepted", equalTo(4))
                .body("indexed", equalTo(4))
                .body("rejected.field", equalTo(List.of("line 3", "line 5", "line 6")));

        as(acme).get("/v1/collections/" + COLLECTION).then().statusCode(200).body("documents", equalTo(4));
    }

    @Test
    @Order(2)
    void aRetrievalTaskSearchesTheTenantsCollection() {
        Response response = search(acme, "why does the sea level rise and fall each day?", Map.of());
        response.then().statusCode(200)
                .body("routing.task", equalTo("retrieval"))
                .body("routing.expertId", equalTo(PlatformServicesResource.RETRIEVAL_EXPERT_ID))
                .body("output.documents[0].id", equalTo("tides"));

        search(acme, "how does lava come out of a mountain?", Map.of("topic", "geology")).then().statusCode(200)
                .body("output.documents[0].id", equalTo("volcano"))
                .body("output.documents.id", not(hasItem("tides")));
    }

    @Test
    @Order(3)
    void documentsAreReplacedAndDeletedById() {
        as(acme).contentType(ContentType.JSON)
                .body(Map.of("title", "Ocean tides", "text", "Spring tides happen at new and full moon.",
                        "metadata", Map.of("topic", "oceans")))
                .put("/v1/collections/" + COLLECTION + "/documents/tides")
                .then().statusCode(200);
        as(acme).get("/v1/collections/" + COLLECTION + "/documents/tides").then().statusCode(200)
                .body("text", equalTo("Spring tides happen at new and full moon."));
        as(acme).get("/v1/collections/" + COLLECTION).then().body("documents", equalTo(4));

        as(acme).delete("/v1/collections/" + COLLECTION + "/documents/sourdough").then().statusCode(204);
        as(acme).get("/v1/collections/" + COLLECTION + "/documents/sourdough").then().statusCode(404)
                .contentType(startsWith(PROBLEM_JSON));
        search(acme, "wild yeast bread baked in an oven", Map.of()).then().statusCode(200)
                .body("output.documents.id", not(hasItem("sourdough")));
    }

    @Test
    @Order(4)
    void anotherTenantCannotSeeOrSearchTheCollection() {
        as(globex).get("/v1/collections/" + COLLECTION).then().statusCode(404).contentType(startsWith(PROBLEM_JSON));
        as(globex).get("/v1/collections").then().statusCode(200)
                .body("name", not(hasItem(COLLECTION)));
        search(globex, "volcano", Map.of()).then().statusCode(404).contentType(startsWith(PROBLEM_JSON));
        upload(globex, DOCUMENTS.get(0) + "\n")
                .post("/v1/collections/" + COLLECTION + "/documents")
                .then().statusCode(404);
    }

    @Test
    @Order(5)
    void badRequestsAreProblemsNamingWhatIsWrong() {
        as(acme).contentType(ContentType.JSON)
                .body(Map.of("title", "Too long", "text", "y".repeat(100_001)))
                .put("/v1/collections/" + COLLECTION + "/documents/huge")
                .then().statusCode(400).contentType(startsWith(PROBLEM_JSON))
                .body("errors[0].message", containsString("the limit is 100000"));
        as(acme).put("/v1/collections/Not%20A%20Name").then().statusCode(400).contentType(startsWith(PROBLEM_JSON));
        given().contentType(JSON_LINES).body(DOCUMENTS.get(0).getBytes(StandardCharsets.UTF_8)).post("/v1/collections/" + COLLECTION + "/documents")
                .then().statusCode(401);
    }

    @Test
    @Order(6)
    void aLargeUploadIsIngestedInTheBackgroundWithVisibleProgress() {
        StringBuilder upload = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            upload.append(line("note-" + i, "Field note " + i, "Observation number " + i
                    + " of the coastal survey: sand, shells and driftwood.", "survey")).append('\n');
        }
        Response accepted = upload(acme, upload.toString()).header("Prefer", "respond-async")
                .post("/v1/collections/" + COLLECTION + "/documents");
        accepted.then().statusCode(202).header("Location", containsString("/v1/collections/" + COLLECTION + "/ingestions/"));
        String location = accepted.header("Location");

        Await.until("background ingestion finished", () ->
                "SUCCEEDED".equals(as(acme).get(location).then().statusCode(200).extract().path("state")));
        as(acme).get(location).then().body("indexed", equalTo(40));
        as(acme).get("/v1/collections/" + COLLECTION).then().body("documents", equalTo(43));
    }

    @Test
    @Order(7)
    void theIndexSurvivesACrashOfTheExpertThatHoldsIt() {
        PlatformServicesResource.retrievalExpert().kill();
        PlatformServicesResource.restartRetrievalExpert();
        int port = PlatformServicesResource.retrievalExpert().port();
        Await.until("restarted retrieval expert READY in the router's table", () -> directory
                .expertsFor(TaskId.RETRIEVAL).stream().anyMatch(expert -> expert.state() == ExpertState.READY
                        && expert.descriptor().endpoint().getPort() == port));

        as(acme).get("/v1/collections/" + COLLECTION).then().statusCode(200).body("documents", equalTo(43));
        String first = search(acme, "magma and lava erupting from a volcano", Map.of())
                .then().statusCode(200).extract().path("output.documents[0].id");
        assertThat(first).isEqualTo("volcano");
        as(acme).get("/v1/collections/" + COLLECTION + "/documents/tides").then().statusCode(200)
                .body("text", equalTo("Spring tides happen at new and full moon."));
    }

    private Response search(String token, String query, Map<String, String> filter) {
        Map<String, Object> params = filter.isEmpty() ? Map.of("collection", COLLECTION, "topK", 3)
                : Map.of("collection", COLLECTION, "topK", 3, "filter", filter);
        return as(token).contentType(ContentType.JSON)
                .body(Map.of("task", "retrieval", "input", Map.of("text", query), "params", params))
                .post("/v1/tasks");
    }

    private static RequestSpecification upload(String token, String jsonLines) {
        return as(token).contentType(JSON_LINES).body(jsonLines.getBytes(StandardCharsets.UTF_8));
    }

    private static RequestSpecification as(String token) {
        return given().auth().oauth2(token);
    }

    private static String line(String id, String title, String text, String topic) {
        return "{\"id\": \"" + id + "\", \"title\": \"" + title + "\", \"text\": \"" + text
                + "\", \"metadata\": {\"topic\": \"" + topic + "\"}}";
    }
}
