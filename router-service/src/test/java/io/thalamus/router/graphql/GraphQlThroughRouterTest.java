package io.thalamus.router.graphql;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.thalamus.router.directory.ExpertDirectory;
import io.thalamus.router.e2e.PlatformServicesResource;
import io.thalamus.testkit.Await;
import io.thalamus.testkit.keycloak.KeycloakTokens;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

/** GraphQL at /graphql against the real registry and retrieval expert. */
@QuarkusTest
@QuarkusTestResource(PlatformServicesResource.class)
class GraphQlThroughRouterTest {

    private static final String EXPERT_ID = "retrieval-minilm-scifact";

    @Inject
    ExpertDirectory directory;

    private String token;

    @BeforeEach
    void expertIsRoutable() {
        token = KeycloakTokens.serviceAccount("acme-app");
        PlatformServicesResource.awaitRetrievalExpertReady(directory);
    }

    @Test
    void expertsWithTheirLiveState() {
        graphql("{ experts(task: \"retrieval\") { id modelId tasks state load { inFlight queueDepth } } }")
                .then().statusCode(200)
                .body("errors", nullValue())
                .body("data.experts.id", hasItem(EXPERT_ID))
                .body("data.experts.find { it.id == '" + EXPERT_ID + "' }.state", equalTo("READY"))
                .body("data.experts.find { it.id == '" + EXPERT_ID + "' }.tasks", hasItem("embedding"));
    }

    @Test
    void routeIsADryRunOfTheDecision() {
        graphql("{ route(request: {task: \"retrieval\", text: \"vitamin D\"}) { task taskSource expertId terms { score } alternatives { expertId reason } } }")
                .then().statusCode(200)
                .body("errors", nullValue())
                .body("data.route.task", equalTo("retrieval"))
                .body("data.route.taskSource", equalTo("explicit"))
                .body("data.route.expertId", equalTo(EXPERT_ID));
        graphql("{ route(request: {task: \"retrieval\", text: \"what is this?\", imageBase64: \"iVBORw0KGgo=\", imageMediaType: \"image/png\"}) { expertId } }")
                .then().statusCode(200)
                .body("errors[0].message", containsString("400"));
        graphql("{ route(request: {task: \"text-to-image\", text: \"a red cube\"}) { expertId } }")
                .then().statusCode(200)
                .body("errors[0].message", containsString("503"));
    }

    @Test
    void submitTaskRunsItOnTheExpert() {
        graphql("mutation { submitTask(request: {task: \"retrieval\", text: \"Vitamin D deficiency affects bone health\", paramsJson: \"{\\\"topK\\\": 2}\"}) { status modelId outputJson routing { expertId attempts } } }")
                .then().statusCode(200)
                .body("errors", nullValue())
                .body("data.submitTask.status", equalTo("SUCCEEDED"))
                .body("data.submitTask.modelId", equalTo("all-minilm-l6-v2-q"))
                .body("data.submitTask.routing.expertId", equalTo(EXPERT_ID))
                .body("data.submitTask.outputJson", containsString("\"documents\""));
    }

    @Test
    void invalidTasksAreGraphQlErrorsNamingTheField() {
        graphql("mutation { submitTask(request: {task: \"retrieval\", text: \"x\", timeoutMs: -1}) { status } }")
                .then().statusCode(200)
                .body("errors[0].message", containsString("timeoutMs"));
    }

    @Test
    void aJobIsReadByItsTenantOnly() {
        String id = given().auth().oauth2(token).contentType("application/json").header("Prefer", "respond-async")
                .body(Map.of("task", "retrieval", "input", Map.of("text", "Vitamin D deficiency and bone fractures")))
                .post("/v1/tasks")
                .then().statusCode(202).extract().path("id");
        String query = "{ task(id: \"" + id + "\") { id status modelId outputJson routing { expertId } } }";
        Await.until("the job SUCCEEDED", () -> "SUCCEEDED".equals(graphql(query).then().statusCode(200)
                .extract().path("data.task.status")));
        graphql(query).then()
                .body("errors", nullValue())
                .body("data.task.id", equalTo(id))
                .body("data.task.routing.expertId", equalTo(EXPERT_ID))
                .body("data.task.outputJson", containsString("\"documents\""));

        String otherTenant = KeycloakTokens.serviceAccount("globex-app");
        given().auth().oauth2(otherTenant).contentType("application/json").body(Map.of("query", query)).post("/graphql")
                .then().statusCode(200)
                .body("errors", nullValue())
                .body("data.task", nullValue());
    }

    @Test
    void withoutATokenGraphQlIsRefused() {
        given().contentType("application/json").body(Map.of("query", "{ experts { id } }")).post("/graphql")
                .then().statusCode(401);
    }

    private Response graphql(String query) {
        return given().auth().oauth2(token).contentType("application/json").body(Map.of("query", query)).post("/graphql");
    }
}
