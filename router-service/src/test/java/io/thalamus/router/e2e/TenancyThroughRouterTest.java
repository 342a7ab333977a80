package io.thalamus.router.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.thalamus.api.Json;
import io.thalamus.api.usage.UsageEvent;
import io.thalamus.api.usage.UsageTopics;
import io.thalamus.router.directory.ExpertDirectory;
import io.thalamus.testkit.Await;
import io.thalamus.testkit.TestServers;
import io.thalamus.testkit.keycloak.KeycloakTokens;
import io.thalamus.testkit.keycloak.RealmClients;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/**
 * A tenant's life on the real platform: a platform admin creates it through the router (Keycloak organisation,
 * service account, quotas), it sends tasks with its own credentials, its usage reaches the ledger through Kafka
 * exactly once per task, and its daily credits stop it; experts accept only the router.
 */
@QuarkusTest
@QuarkusTestResource(PlatformServicesResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TenancyThroughRouterTest {

    private static final String TENANT = "initech";
    private static final int TASKS = 3;
    private static final List<String> taskIds = new ArrayList<>();
    private static String tenantToken;
    private static String tenantSecret;

    @Inject
    ExpertDirectory directory;

    @BeforeEach
    void expertIsRoutable() {
        PlatformServicesResource.awaitRetrievalExpertReady(directory);
    }

    @Test
    @Order(1)
    void aPlatformAdminCreatesATenantWhoseServiceAccountCanSignIn() {
        Response created = given().auth().oauth2(token("thalamus-admin")).contentType(ContentType.JSON)
                .body(Map.of("name", TENANT, "quotas", Map.of("requestsPerMinute", 100)))
                .post("/v1/admin/tenants")
                .then().statusCode(201)
                .header("Cache-Control", "no-store")
                .body("tenant", equalTo(TENANT))
                .body("clientId", equalTo(TENANT + "-app"))
                .body("clientSecret", notNullValue())
                .body("quotas.tenantWide.requestsPerMinute", equalTo(100))
                .extract().response();

        tenantSecret = created.path("clientSecret");
        tenantToken = KeycloakTokens.clientCredentials(TestServers.keycloak(), TENANT + "-app", tenantSecret);
        assertThat(KeycloakTokens.payload(tenantToken)).contains("\"organization\":[\"" + TENANT + "\"]")
                .contains("tenant-user");

        given().auth().oauth2(token("thalamus-admin")).contentType(ContentType.JSON)
                .body(Map.of("name", TENANT)).post("/v1/admin/tenants")
                .then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(token("thalamus-admin")).contentType(ContentType.JSON)
                .body(Map.of("name", "Not A Name!")).post("/v1/admin/tenants")
                .then().statusCode(400).body("errors[0].field", equalTo("name"));
        given().auth().oauth2(token("thalamus-admin")).get("/v1/admin/tenants")
                .then().statusCode(200).body("name", hasItems("acme", "globex", TENANT));
    }

    @Test
    @Order(2)
    void theNewTenantsTasksAreServedAndItsUsageReachesTheLedgerOnce() throws Exception {
        for (int i = 0; i < TASKS; i++) {
            taskIds.add(given().auth().oauth2(tenantToken).contentType(ContentType.JSON)
                    .body(Map.of("task", "retrieval", "input", Map.of("text", "cancer cells and gene expression")))
                    .post("/v1/tasks")
                    .then().statusCode(200)
                    .extract().path("id"));
        }
        Await.until("the ledger holds the tenant's tasks", () -> usageRequests(tenantToken) == TASKS);

        // a copy of a recorded event (Kafka delivers at least once) changes nothing; a new one counts once
        String sentinel = UUID.randomUUID().toString();
        publish(new UsageEvent(taskIds.get(0), TENANT, "retrieval", "x", UsageEvent.Outcome.SUCCEEDED, 99, 1, 1,
                Instant.now()));
        publish(new UsageEvent(sentinel, TENANT, "retrieval", "x", UsageEvent.Outcome.FAILED, 0, 0, 1, Instant.now()));
        Await.until("the new event is recorded", () -> usageRequests(tenantToken) == TASKS + 1);

        Response usage = given().auth().oauth2(tenantToken).get("/v1/usage").then().statusCode(200)
                .body("tenant", equalTo(TENANT))
                .body("totals.succeeded", equalTo(TASKS))
                .body("totals.failed", equalTo(1))
                .extract().response();
        double credits = ((Number) usage.path("totals.credits")).doubleValue();
        assertThat(credits).as("charged by the expert's cost model").isGreaterThan(0).isLessThan(1);
        assertThat(((Number) usage.path("today.creditsSpent")).doubleValue()).as("no daily limit: today from the ledger")
                .isCloseTo(credits, offset(1e-6));
        given().auth().oauth2(token("thalamus-admin")).get("/v1/admin/usage/{tenant}", TENANT)
                .then().statusCode(200).body("totals.requests", equalTo(TASKS + 1));
        given().auth().oauth2(token("globex-app")).get("/v1/usage")
                .then().statusCode(200).body("tenant", equalTo("globex"));
        given().auth().oauth2(tenantToken).queryParam("from", "yesterday").get("/v1/usage")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    @Order(3)
    void dailyCreditsStopTheTenantWith429() {
        given().auth().oauth2(token("thalamus-admin")).contentType(ContentType.JSON)
                .body(Map.of("requestsPerMinute", 100, "dailyCredits", 0))
                .put("/v1/admin/quotas/{tenant}", TENANT)
                .then().statusCode(200).body("tenantWide.dailyCredits", equalTo(0));

        given().auth().oauth2(tenantToken).contentType(ContentType.JSON)
                .body(Map.of("task", "retrieval", "input", Map.of("text", "gene expression")))
                .post("/v1/tasks")
                .then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("quota", equalTo("daily-credits"))
                .body("tenant", equalTo(TENANT));
        given().auth().oauth2(tenantToken).get("/v1/usage").then().statusCode(200)
                .body("today.creditsLimit", equalTo(0))
                .body("today.creditsRemaining", equalTo(0.0f));
    }

    @Test
    @Order(4)
    void expertsRefuseCallersOtherThanTheRouter() {
        String invoke = PlatformServicesResource.retrievalExpert().baseUri() + "/v1/invoke";
        Map<String, Object> request = Map.of("requestId", "direct-1", "tenant", "acme", "task", "retrieval",
                "input", Map.of("text", "gene expression"));
        given().contentType(ContentType.JSON).body(request).post(invoke)
                .then().statusCode(401);
        given().auth().oauth2(token("acme-app")).contentType(ContentType.JSON).body(request).post(invoke)
                .then().statusCode(403);
        given().auth().oauth2(token("thalamus-router")).contentType(ContentType.JSON).body(request).post(invoke)
                .then().statusCode(200);
    }

    @Test
    @Order(5)
    void graphQlShowsATenantItsOwnUsageAndQuotasAndLetsOnlyAdminsChangeThem() {
        graphql(tenantToken, "{ usage { tenant totals { requests } today { creditsLimit } } quotas { tenantWide { dailyCredits } } }")
                .then().statusCode(200)
                .body("errors", nullValue())
                .body("data.usage.tenant", equalTo(TENANT))
                .body("data.usage.totals.requests", equalTo(TASKS + 1))
                .body("data.quotas.tenantWide.dailyCredits", equalTo(0));
        String raise = "mutation { setQuota(tenant: \"" + TENANT + "\", limits: {dailyCredits: 5}) { tenantWide { dailyCredits } } }";
        graphql(tenantToken, raise).then().log().ifValidationFails().statusCode(200)
                .body("data.setQuota", nullValue())
                .body("errors[0].message", containsString("403 Not allowed: This operation needs the role 'platform-admin'"));
        graphql(token("thalamus-admin"), raise).then().statusCode(200)
                .body("errors", nullValue())
                .body("data.setQuota.tenantWide.dailyCredits", equalTo(5));
        graphql(token("thalamus-admin"), "{ tenantUsage(tenant: \"" + TENANT + "\", from: \"not-a-date\") { tenant } }")
                .then().statusCode(200)
                .body("errors[0].message", containsString("'from' must be a date"));
    }

    @Test
    @Order(6)
    void noSecretOrTokenIsWrittenToAnyServicesLog() throws Exception {
        List<String> secrets = new ArrayList<>(List.of(tenantToken, tenantSecret));
        for (String client : List.of("thalamus-router", "thalamus-provisioner", "retrieval-expert", "acme-app")) {
            secrets.add(RealmClients.secret(TestServers.realmFile(), client));
        }
        Path logs = Path.of("target/service-logs");
        List<Path> files;
        try (Stream<Path> listed = Files.list(logs)) {
            files = listed.filter(file -> file.toString().endsWith(".log")).toList();
        }
        assertThat(files).extracting(file -> file.getFileName().toString())
                .contains("router-under-test.log", "retrieval-expert.log", "expert-registry.log");
        for (Path file : files) {
            String log = Files.readString(file);
            for (String secret : secrets) {
                assertThat(log).as(file + " holds a secret").doesNotContain(secret);
            }
        }
    }

    private static Response graphql(String token, String query) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("query", query))
                .post("/graphql");
    }

    private static long usageRequests(String token) {
        Response usage = given().auth().oauth2(token).get("/v1/usage");
        return usage.statusCode() == 200 ? ((Number) usage.path("totals.requests")).longValue() : -1;
    }

    private static void publish(UsageEvent event) throws Exception {
        ObjectMapper json = Json.newMapper();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestServers.kafka().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>(UsageTopics.EVENTS, event.tenant(), json.writeValueAsString(event)))
                    .get();
        }
    }

    private static String token(String client) {
        return KeycloakTokens.serviceAccount(client);
    }
}
