package io.thalamus.retrieval.collection;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.thalamus.expert.security.CallerRoles;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

/** The collection API of the retrieval expert, with the real MiniLM encoder and Lucene index. */
@QuarkusTest
@TestSecurity(user = "thalamus-router", roles = CallerRoles.ROUTER)
class CollectionResourceTest {

    private static final String DOCUMENTS = """
            {"id":"d1","title":"Vitamin D","text":"Vitamin D deficiency is associated with low bone mineral density.","metadata":{"year":2020}}
            {"id":"d2","text":"Statins reduce the risk of cardiovascular events in adults.","metadata":{"year":2021}}
            this line is not json
            {"id":"d3"}
            {"id":"d4","text":"Sleep deprivation impairs the consolidation of memories."}
            """;

    private final String tenant = "t" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void uploadReportsBadLinesByNumberIndexesTheOthersAndSearchFindsThem() {
        create("papers").then().statusCode(201).body("name", equalTo("papers")).body("documents", equalTo(0));

        upload("papers", DOCUMENTS)
                .then().statusCode(200)
                .body("state", equalTo("SUCCEEDED"))
                .body("lines", equalTo(5))
                .body("accepted", equalTo(3))
                .body("indexed", equalTo(3))
                .body("rejected.field", contains("line 3", "line 4"))
                .body("rejected[1].message", containsString("'d3' has no 'text'"));

        search("papers", Map.of("query", "Does lack of vitamin D weaken bones?", "topK", 1))
                .then().statusCode(200)
                .body("collection", equalTo("papers"))
                .body("documents.id", contains("d1"))
                .body("documents[0].metadata.year", equalTo("2020"));
        search("papers", Map.of("query", "vitamin D and bones", "topK", 3, "filter", Map.of("year", 2021)))
                .then().statusCode(200).body("documents.id", contains("d2"));
        given().get(base() + "/papers").then().statusCode(200).body("documents", equalTo(3));
        given().get(base()).then().statusCode(200).body("name", contains("papers"));
    }

    @Test
    void documentsAreReplacedAndDeletedById() {
        create("notes");
        putDocument("notes", "n1", Map.of("text", "Influenza vaccination lowers hospital admissions."))
                .then().statusCode(200).body("id", equalTo("n1"));
        putDocument("notes", "n1", Map.of("text", "Penguins huddle together in the Antarctic winter.", "title", "Penguins"))
                .then().statusCode(200);

        given().get(base() + "/notes/documents/n1").then().statusCode(200)
                .body("title", equalTo("Penguins")).body("text", startsWith("Penguins huddle"));
        search("notes", Map.of("query", "flu vaccine")).then().statusCode(200).body("documents.id", contains("n1"))
                .body("documents[0].title", equalTo("Penguins"));

        given().delete(base() + "/notes/documents/n1").then().statusCode(204);
        given().delete(base() + "/notes/documents/n1").then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
        search("notes", Map.of("query", "penguins")).then().statusCode(200).body("documents", empty());
    }

    @Test
    void aLargeUploadRunsInTheBackgroundWithVisibleProgress() {
        create("bulk");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 80; i++) {
            lines.append("{\"id\":\"b").append(i).append("\",\"text\":\"Document number ").append(i)
                    .append(" about topic ").append(i % 7).append(".\"}\n");
        }
        Response accepted = upload("bulk", lines.toString());
        accepted.then().statusCode(202).body("accepted", equalTo(80));
        String location = accepted.header("Location");

        long deadline = System.nanoTime() + 120_000_000_000L;
        String state = "";
        while (!state.equals("SUCCEEDED") && System.nanoTime() < deadline) {
            state = given().get(location).then().statusCode(200).extract().path("state");
        }
        given().get(location).then().body("state", equalTo("SUCCEEDED")).body("indexed", equalTo(80));
        given().get(base() + "/bulk").then().body("documents", equalTo(80));
    }

    @Test
    void badRequestsAreProblemsNamingWhatIsWrong() {
        create("checks");
        given().put(base() + "/../etc").then().statusCode(404);
        given().put(base() + "/has.dot").then().statusCode(400).body("errors[0].field", equalTo("collection"));
        upload("checks", "not json\n").then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("line 1"));
        upload("checks", "{\"id\":\"big\",\"text\":\"" + "x".repeat(100_001) + "\"}\n").then().statusCode(400)
                .body("errors[0].message", containsString("the limit is 100000"));
        upload("missing", DOCUMENTS).then().statusCode(404).contentType(startsWith("application/problem+json"));
        search("checks", Map.of("query", "x", "topK", 1000)).then().statusCode(400)
                .body("errors[0].field", equalTo("topK"));
        search("checks", Map.of("query", "x", "filter", List.of("a"))).then().statusCode(400)
                .body("errors[0].field", equalTo("filter"));
        given().get(base() + "/checks/ingestions/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void theRetrievalTaskSearchesTheTenantsCollectionNamedInItsParameters() {
        create("tasks");
        putDocument("tasks", "t1", Map.of("text", "Sleep deprivation impairs the consolidation of memories."));

        invoke(tenant, Map.of("collection", "tasks", "topK", 1))
                .then().statusCode(200)
                .body("output.collection", equalTo("tasks"))
                .body("output.documents.id", contains("t1"));
        invoke("someone-else", Map.of("collection", "tasks"))
                .then().statusCode(404).contentType(startsWith("application/problem+json"))
                .body("detail", containsString("'someone-else' has no collection 'tasks'"));
        invoke(tenant, Map.of()).then().statusCode(200).body("output.collection", equalTo("scifact-sample"))
                .body("output.documents.id", hasItem(org.hamcrest.Matchers.notNullValue()));
    }

    private Response invoke(String asTenant, Map<String, Object> params) {
        Map<String, Object> body = Map.of("requestId", UUID.randomUUID().toString(), "tenant", asTenant,
                "task", "retrieval", "input", Map.of("text", "what happens to memory without sleep"),
                "params", params, "deadline", Instant.now().plusSeconds(60).toString());
        return given().contentType(ContentType.JSON).body(body).post("/v1/invoke");
    }

    private String base() {
        return "/v1/tenants/" + tenant + "/collections";
    }

    private Response create(String name) {
        return given().put(base() + "/" + name);
    }

    private Response upload(String name, String jsonLines) {
        return given().contentType("application/x-ndjson").body(jsonLines.getBytes(java.nio.charset.StandardCharsets.UTF_8)).post(base() + "/" + name + "/documents");
    }

    private Response putDocument(String name, String id, Map<String, Object> document) {
        return given().contentType(ContentType.JSON).body(document).put(base() + "/" + name + "/documents/" + id);
    }

    private Response search(String name, Map<String, Object> request) {
        return given().contentType(ContentType.JSON).body(request).post(base() + "/" + name + "/search");
    }
}
