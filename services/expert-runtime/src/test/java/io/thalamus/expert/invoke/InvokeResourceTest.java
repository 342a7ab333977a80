package io.thalamus.expert.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.thalamus.api.Json;
import io.thalamus.expert.UppercaseExpert;
import io.thalamus.expert.load.LoadTracker;
import io.thalamus.expert.security.CallerRoles;
import io.thalamus.testkit.Await;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@TestSecurity(user = "thalamus-router", roles = CallerRoles.ROUTER)
class InvokeResourceTest {

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String PROBLEMS = "https://thalamus.dev/problems/";

    @Inject
    UppercaseExpert expert;

    @Inject
    LoadTracker load;

    @TestHTTPResource("/v1/invoke")
    URI invokeUri;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = Json.newMapper();

    @BeforeEach
    void idle() {
        expert.setReady(true);
        expert.release();
        Await.until("the expert is idle", load::idle);
        expert.clearBatchSizes();
    }

    @Test
    void invokeAnswersWithOutputModelAndUsage() {
        given().contentType(ContentType.JSON)
                .body("""
                        {"requestId":"r-1","tenant":"acme","task":"upper","input":{"text":"hello"}}""")
                .post("/v1/invoke")
                .then().statusCode(200)
                .body("requestId", equalTo("r-1"))
                .body("modelId", equalTo("upper-case-v1"))
                .body("output.text", equalTo("HELLO"))
                .body("usage.gpuMillis", greaterThanOrEqualTo(0))
                .body("usage.credits", greaterThanOrEqualTo(0.5f));
    }

    @Test
    void aRequestWithoutIdGetsOne() {
        given().contentType(ContentType.JSON)
                .body("""
                        {"task":"shout","input":{"text":"quiet"}}""")
                .post("/v1/invoke")
                .then().statusCode(200)
                .body("requestId", notNullValue())
                .body("output.text", equalTo("QUIET"));
    }

    @Test
    void aTaskTheExpertDoesNotPerformIsNamed() {
        given().contentType(ContentType.JSON)
                .body("""
                        {"task":"translate","input":{"text":"hello"}}""")
                .post("/v1/invoke")
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo(PROBLEMS + "invalid-request"))
                .body("errors[0].field", equalTo("task"))
                .body("errors[0].message", containsString("'translate'"))
                .body("errors[0].message", containsString("[upper, shout]"));
    }

    @Test
    void anImageSentToATextOnlyExpertIsRefused() {
        given().contentType(ContentType.JSON)
                .body("""
                        {"task":"upper","input":{"text":"what is this?",
                          "image":{"mediaType":"image/png","base64":"iVBORw0KGgoAAAANSUhEUg=="}}}""")
                .post("/v1/invoke")
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("errors.field", hasItem("input.image"))
                .body("detail", containsString("text only"));
    }

    @Test
    void aPassedDeadlineIsADeadlineProblem() {
        given().contentType(ContentType.JSON)
                .body("""
                        {"task":"upper","input":{"text":"late"},"deadline":"2020-01-01T00:00:00Z"}""")
                .post("/v1/invoke")
                .then().statusCode(504)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo(PROBLEMS + "deadline-exceeded"));
    }

    @Test
    void textOverTheLimitIsRefused() {
        given().contentType(ContentType.JSON)
                .body("{\"task\":\"upper\",\"input\":{\"text\":\"" + "a".repeat(1001) + "\"}}")
                .post("/v1/invoke")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("input.text"))
                .body("errors[0].message", containsString("limit is 1000"));
    }

    @Test
    void aRequestWithoutInputIsRefused() {
        given().contentType(ContentType.JSON)
                .body("""
                        {"task":"upper"}""")
                .post("/v1/invoke")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("input"));
    }

    @Test
    void aMalformedTaskIdIsAFieldError() {
        given().contentType(ContentType.JSON)
                .body("""
                        {"task":"Not A Task","input":{"text":"x"}}""")
                .post("/v1/invoke")
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo(PROBLEMS + "invalid-request"));
    }

    @Test
    void aBodyOverTheLimitIsRefusedBeforeItIsRead() {
        given().contentType(ContentType.JSON)
                .body("{\"task\":\"upper\",\"input\":{\"text\":\"" + "a".repeat(70_000) + "\"}}")
                .post("/v1/invoke")
                .then().statusCode(413)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo(PROBLEMS + "payload-too-large"));
    }

    @Test
    void theExpertsOwnProblemsAndFailuresReachTheCaller() {
        given().contentType(ContentType.JSON)
                .body("""
                        {"task":"upper","input":{"text":"please reject this"}}""")
                .post("/v1/invoke")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("input.text"));

        given().contentType(ContentType.JSON)
                .body("""
                        {"requestId":"boom","task":"upper","input":{"text":"crash now"}}""")
                .post("/v1/invoke")
                .then().statusCode(502)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo(PROBLEMS + "expert-failed"))
                .body("detail", containsString("boom"));
    }

    @Test
    void concurrentSingleCallsAreBatchedTogether() throws Exception {
        expert.hold();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        try {
            calls.add(post(invokeUri, single("first", "upper", "first")));
            Await.until("the first call occupies the only model worker", () -> load.inFlight() == 1);
            for (int i = 0; i < 5; i++) {
                calls.add(post(invokeUri, single("r" + i, "upper", "text number " + i)));
            }
            Await.until("five calls wait in the queue", () -> load.queueDepth() == 5);
        } finally {
            expert.release();
        }

        for (CompletableFuture<HttpResponse<String>> call : calls) {
            assertThat(call.get().statusCode()).isEqualTo(200);
        }
        for (int i = 0; i < 5; i++) {
            JsonNode body = json.readTree(calls.get(i + 1).get().body());
            assertThat(body.path("requestId").asText()).isEqualTo("r" + i);
            assertThat(body.path("output").path("text").asText()).isEqualTo("TEXT NUMBER " + i);
        }
        assertThat(expert.batchSizes()).containsExactly(1, 5);
    }

    @Test
    void aFullQueueRefusesWithServiceUnavailable() throws Exception {
        expert.hold();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        try {
            calls.add(post(invokeUri, single("holder", "upper", "holder")));
            Await.until("the first call occupies the only model worker", () -> load.inFlight() == 1);
            for (int i = 0; i < 8; i++) {
                calls.add(post(invokeUri, single("q" + i, "upper", "queued " + i)));
            }
            Await.until("the queue is full", () -> load.queueDepth() == 8);

            given().contentType(ContentType.JSON)
                    .body(single("overflow", "upper", "one too many"))
                    .post("/v1/invoke")
                    .then().statusCode(503)
                    .contentType(PROBLEM_JSON)
                    .body("reason", equalTo("queue-full"));
        } finally {
            expert.release();
        }
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            assertThat(call.get().statusCode()).isEqualTo(200);
        }
        assertThat(expert.batchSizes()).containsExactly(1, 8);
    }

    @Test
    void oneBadItemFailsOnlyItselfInABatch() throws Exception {
        HttpResponse<String> response = batchBehindABusyWorker("""
                    {"items":[
                      {"requestId":"a","task":"upper","input":{"text":"fine one"}},
                      {"requestId":"b","task":"upper","input":{"text":"please crash"}},
                      {"requestId":"c","task":"upper","input":{"text":"reject me"}},
                      {"requestId":"d","task":"translate","input":{"text":"wrong task"}},
                      {"requestId":"e","task":"shout","input":{"text":"fine two"}}
                    ]}""", 4, "the batch's four valid items wait in the queue");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode items = json.readTree(response.body()).path("items");

        assertThat(items).hasSize(5);
        assertThat(items.get(0).path("response").path("output").path("text").asText()).isEqualTo("FINE ONE");
        assertThat(items.get(1).path("requestId").asText()).isEqualTo("b");
        assertThat(items.get(1).path("problem").path("status").asInt()).isEqualTo(502);
        assertThat(items.get(2).path("problem").path("status").asInt()).isEqualTo(400);
        assertThat(items.get(2).path("problem").path("errors").get(0).path("field").asText()).isEqualTo("input.text");
        assertThat(items.get(3).path("problem").path("errors").get(0).path("field").asText()).isEqualTo("task");
        assertThat(items.get(4).path("response").path("output").path("text").asText()).isEqualTo("FINE TWO");
        // One model call for the four valid items; after it failed, each was retried alone through invoke().
        assertThat(expert.batchSizes()).containsExactly(1, 4);
    }

    @Test
    void requestsAreBatchedOnlyWithRequestsOfTheirBatchKey() throws Exception {
        HttpResponse<String> response = batchBehindABusyWorker("""
                    {"items":[
                      {"requestId":"x1","task":"upper","input":{"text":"ex one"},"params":{"batchKey":"x"}},
                      {"requestId":"y1","task":"upper","input":{"text":"why one"},"params":{"batchKey":"y"}},
                      {"requestId":"bad","task":"upper","input":{"text":"unbatchable"}},
                      {"requestId":"x2","task":"upper","input":{"text":"ex two"},"params":{"batchKey":"x"}}
                    ]}""", 3, "the three keyed items wait in the queue");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode items = json.readTree(response.body()).path("items");

        assertThat(items.get(0).path("response").path("output").path("text").asText()).isEqualTo("EX ONE");
        assertThat(items.get(1).path("response").path("output").path("text").asText()).isEqualTo("WHY ONE");
        assertThat(items.get(2).path("problem").path("status").asInt()).isEqualTo(400);
        assertThat(items.get(2).path("problem").path("errors").get(0).path("field").asText()).isEqualTo("input.text");
        assertThat(items.get(3).path("response").path("output").path("text").asText()).isEqualTo("EX TWO");
        // key x (its oldest request came first) in one model call, then key y alone
        assertThat(expert.batchSizes()).containsExactly(1, 2, 1);
    }

    /**
     * Posts a batch while a first call holds the only model worker, so that the batch's valid items wait in the queue
     * together ({@code queued} of them) and reach the model only when the worker is free.
     */
    private HttpResponse<String> batchBehindABusyWorker(String body, int queued, String what) throws Exception {
        expert.hold();
        CompletableFuture<HttpResponse<String>> holder;
        CompletableFuture<HttpResponse<String>> batch;
        try {
            holder = post(invokeUri, single("holder", "upper", "holder"));
            Await.until("the first call occupies the only model worker", () -> load.inFlight() == 1);
            batch = post(URI.create(invokeUri + ":batch"), body);
            Await.until(what, () -> load.queueDepth() == queued);
        } finally {
            expert.release();
        }
        assertThat(holder.get().statusCode()).isEqualTo(200);
        return batch.get();
    }

    @Test
    void theBatchPathWorksWithAnEncodedColonToo() throws Exception {
        // RestAssured sends /v1/invoke%3Abatch, java.net.http sends the colon as is.
        given().contentType(ContentType.JSON)
                .body("{\"items\":[" + single("p1", "upper", "encoded") + "]}")
                .post("/v1/invoke:batch")
                .then().statusCode(200)
                .body("items[0].response.output.text", equalTo("ENCODED"));

        HttpResponse<String> plain = post(URI.create(invokeUri + ":batch"),
                "{\"items\":[" + single("p2", "upper", "plain") + "]}").get();
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(json.readTree(plain.body()).path("items").get(0).path("response").path("output").path("text").asText())
                .isEqualTo("PLAIN");
    }

    @Test
    void aDeadlineThatPassesInTheQueueIsNotWorkedOn() throws Exception {
        expert.hold();
        CompletableFuture<HttpResponse<String>> holder;
        CompletableFuture<HttpResponse<String>> late;
        Instant deadline = Instant.now().plusMillis(300);
        try {
            holder = post(invokeUri, single("holder", "upper", "holder"));
            Await.until("the first call occupies the only model worker", () -> load.inFlight() == 1);
            late = post(invokeUri, "{\"requestId\":\"late\",\"task\":\"upper\",\"input\":{\"text\":\"slow\"},"
                    + "\"deadline\":\"" + deadline + "\"}");
            Await.until("the call waits in the queue", () -> load.queueDepth() == 1);
            Await.until("its deadline has passed", () -> Instant.now().isAfter(deadline));
        } finally {
            expert.release();
        }
        assertThat(holder.get().statusCode()).isEqualTo(200);
        HttpResponse<String> response = late.get();
        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(json.readTree(response.body()).path("type").asText()).isEqualTo(PROBLEMS + "deadline-exceeded");
        assertThat(expert.batchSizes()).containsExactly(1);
    }

    @Test
    void anExpertWhoseModelIsLoadingRefusesWorkAndIsNotReady() {
        expert.setReady(false);
        try {
            given().contentType(ContentType.JSON)
                    .body(single("early", "upper", "too early"))
                    .post("/v1/invoke")
                    .then().statusCode(503)
                    .contentType(PROBLEM_JSON)
                    .body("reason", equalTo("not-ready"));
            given().get("/q/health/ready")
                    .then().statusCode(503)
                    .body("checks.find { it.name == 'expert' }.data.model", equalTo("loading"));
        } finally {
            expert.setReady(true);
        }
    }

    @Test
    void aBatchIsLimitedAndMustNotBeEmpty() {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 17; i++) {
            items.append(i == 0 ? "" : ",").append(single("x" + i, "upper", "t"));
        }
        given().contentType(ContentType.JSON)
                .body("{\"items\":[" + items + "]}")
                .post("/v1/invoke:batch")
                .then().statusCode(413)
                .contentType(PROBLEM_JSON)
                .body("errors[0].field", equalTo("items"));

        given().contentType(ContentType.JSON)
                .body("{\"items\":[]}")
                .post("/v1/invoke:batch")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("items"));
    }

    @Test
    void loadAndMetricsReflectTheCalls() {
        given().contentType(ContentType.JSON)
                .body(single("m1", "upper", "measure me"))
                .post("/v1/invoke")
                .then().statusCode(200);

        assertThat(load.report().latencyP50Ms()).isGreaterThan(0);
        assertThat(load.report().latencyP95Ms()).isGreaterThanOrEqualTo(load.report().latencyP50Ms());
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .contains("thalamus_expert_invocations_total{")
                .containsPattern("thalamus_expert_invocations_total\\{[^}]*outcome=\"ok\"[^}]*task=\"upper\"")
                .contains("thalamus_expert_queue_depth")
                .contains("thalamus_expert_in_flight")
                .contains("thalamus_expert_batch_size_count")
                .contains("thalamus_expert_latency_seconds_count");
    }

    @Test
    void readinessReportsModelAndRegistration() {
        given().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'expert' }.data.registration", equalTo("disabled"))
                .body("checks.find { it.name == 'expert' }.data.model", equalTo("ready"));
    }

    private static String single(String requestId, String task, String text) {
        return "{\"requestId\":\"" + requestId + "\",\"task\":\"" + task + "\",\"input\":{\"text\":\"" + text + "\"}}";
    }

    private CompletableFuture<HttpResponse<String>> post(URI uri, String body) {
        return http.sendAsync(HttpRequest.newBuilder(uri)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
