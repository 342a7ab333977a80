package io.thalamus.registry.expert;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.thalamus.registry.support.RegistryTestProfile;
import io.thalamus.registry.support.Tokens;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.thalamus.registry.support.Descriptors.UNREACHABLE;
import static io.thalamus.registry.support.Descriptors.descriptor;
import static io.thalamus.registry.support.Descriptors.with;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Who may register, change and read registrations, with tokens from the real Keycloak realm. */
@QuarkusTest
@TestProfile(RegistryTestProfile.class)
class OwnershipAndAccessTest {

    private static final Map<String, Object> IDLE = Map.of("load", Map.of("inFlight", 0, "queueDepth", 0,
            "latencyP50Ms", 0, "latencyP95Ms", 0, "errorRate", 0));

    private final String id = "owned-" + UUID.randomUUID();

    @Test
    void withoutAValidTokenEverythingIs401() {
        given().get("/v1/experts").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"));
        given().contentType(ContentType.JSON).body(descriptor(id, UNREACHABLE, "vqa")).put("/v1/experts/{id}", id)
                .then().statusCode(401).contentType("application/problem+json");
        given().get("/v1/experts/snapshot").then().statusCode(401);
        given().auth().oauth2("not-a-token").get("/v1/experts").then().statusCode(401)
                .contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Map.of("query", "{ experts { id } }")).post("/graphql")
                .then().statusCode(401);
    }

    @Test
    void aTenantUserMayReadButNotRegister() {
        as(Tokens.TENANT_APP).body(descriptor(id, UNREACHABLE, "vqa")).put("/v1/experts/{id}", id)
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://thalamus.dev/problems/forbidden"));
        as(Tokens.TENANT_APP).get("/v1/experts").then().statusCode(200);
        as(Tokens.TENANT_APP).get("/v1/experts/snapshot").then().statusCode(200);
    }

    @Test
    void anExpertChangesOnlyWhatItOwns() {
        Map<String, Object> descriptor = descriptor(id, UNREACHABLE, "retrieval");
        as(Tokens.RETRIEVAL_EXPERT).body(with(descriptor, "owner", Tokens.VISION_EXPERT)).put("/v1/experts/{id}", id)
                .then().statusCode(201)
                // an expert cannot register in someone else's name
                .body("descriptor.owner", equalTo(Tokens.RETRIEVAL_EXPERT));

        as(Tokens.VISION_EXPERT).body(with(descriptor, "modelId", "hijacked")).put("/v1/experts/{id}", id)
                .then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("registered by '" + Tokens.RETRIEVAL_EXPERT + "'"));
        as(Tokens.VISION_EXPERT).body(IDLE).put("/v1/experts/{id}/heartbeat", id).then().statusCode(403);
        as(Tokens.VISION_EXPERT).delete("/v1/experts/{id}", id).then().statusCode(403);
        as(Tokens.VISION_EXPERT).get("/v1/experts/{id}", id).then().statusCode(200)
                .body("descriptor.modelId", equalTo("model-" + id));

        as(Tokens.RETRIEVAL_EXPERT).body(IDLE).put("/v1/experts/{id}/heartbeat", id).then().statusCode(200);
    }

    @Test
    void aPlatformAdminChangesAnyRegistrationAndMayHandItToAnotherOwner() {
        Map<String, Object> descriptor = descriptor(id, UNREACHABLE, "retrieval");
        as(Tokens.RETRIEVAL_EXPERT).body(descriptor).put("/v1/experts/{id}", id).then().statusCode(201);

        as(Tokens.ADMIN).body(with(descriptor, "modelId", "patched")).put("/v1/experts/{id}", id)
                .then().statusCode(200).body("descriptor.owner", equalTo(Tokens.RETRIEVAL_EXPERT));
        as(Tokens.ADMIN).body(with(descriptor, "owner", Tokens.VISION_EXPERT)).put("/v1/experts/{id}", id)
                .then().statusCode(200).body("descriptor.owner", equalTo(Tokens.VISION_EXPERT));

        as(Tokens.RETRIEVAL_EXPERT).delete("/v1/experts/{id}", id).then().statusCode(403);
        as(Tokens.VISION_EXPERT).body(IDLE).put("/v1/experts/{id}/heartbeat", id).then().statusCode(200);
        as(Tokens.ADMIN).delete("/v1/experts/{id}", id).then().statusCode(202).body("state", equalTo("DRAINING"))
                .body("stateReason", containsString(Tokens.ADMIN));
    }

    private static RequestSpecification as(String client) {
        return given().auth().oauth2(Tokens.of(client)).contentType(ContentType.JSON);
    }
}
