package io.thalamus.router.e2e;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.thalamus.router.directory.ExpertDirectory;
import io.thalamus.testkit.keycloak.KeycloakTokens;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.oneOf;

/**
 * Every endpoint against every kind of caller: no token, a tenant's service account (acme, globex), a tenant
 * admin, an expert, a platform admin. Each cell is the status the caller must get; a tenant's own data answers
 * 200 to it and 404 to other tenants (another tenant's job or collection does not exist for them).
 */
@QuarkusTest
@QuarkusTestResource(PlatformServicesResource.class)
class AuthorisationMatrixTest {

    private static final String NONE = "no token";
    private static final List<String> CALLERS = List.of(NONE, "acme-app", "acme-admin", "globex-app",
            "retrieval-expert", "thalamus-admin");

    @Inject
    ExpertDirectory directory;

    private final Map<String, String> tokens = new LinkedHashMap<>();

    @BeforeEach
    void signIn() {
        PlatformServicesResource.awaitRetrievalExpertReady(directory);
        for (String caller : CALLERS) {
            if (!caller.equals(NONE)) {
                tokens.put(caller, KeycloakTokens.serviceAccount(caller));
            }
        }
    }

    @Test
    void everyCallerGetsExactlyTheAccessItShould() {
        String acmeJob = given().auth().oauth2(tokens.get("acme-app")).contentType(ContentType.JSON)
                .header("Prefer", "respond-async")
                .body(Map.of("task", "retrieval", "input", Map.of("text", "gene expression")))
                .post("/v1/tasks").then().statusCode(202).extract().path("id");
        given().auth().oauth2(tokens.get("acme-app")).contentType(ContentType.JSON).body("{}")
                .put("/v1/collections/matrix-notes").then().statusCode(oneOf(200, 201));
        String registry = PlatformServicesResource.registry().baseUri().toString();
        String dryRun = "{\"task\":\"retrieval\",\"input\":{\"text\":\"gene expression\"}}";

        //                                              none acme acme-adm globex expert admin
        List<String> failures = new ArrayList<>();
        check(failures, "POST /v1/route", spec -> spec.contentType(ContentType.JSON).body(dryRun).post("/v1/route"),
                401, 200, 200, 200, 403, 403);
        check(failures, "GET acme's job", spec -> spec.get("/v1/tasks/" + acmeJob),
                401, 200, 200, 404, 403, 403);
        check(failures, "GET acme's collection", spec -> spec.get("/v1/collections/matrix-notes"),
                401, 200, 200, 404, 403, 403);
        check(failures, "GET /v1/quotas", spec -> spec.get("/v1/quotas"),
                401, 200, 200, 200, 403, 403);
        check(failures, "GET /v1/usage", spec -> spec.get("/v1/usage"),
                401, 200, 200, 200, 403, 403);
        check(failures, "GET /v1/admin/quotas/acme", spec -> spec.get("/v1/admin/quotas/acme"),
                401, 403, 403, 403, 403, 200);
        check(failures, "PUT /v1/admin/quotas/acme", spec -> spec.contentType(ContentType.JSON)
                        .body("{\"requestsPerMinute\":100000}").put("/v1/admin/quotas/acme"),
                401, 403, 403, 403, 403, 200);
        check(failures, "GET /v1/admin/usage/globex", spec -> spec.get("/v1/admin/usage/globex"),
                401, 403, 403, 403, 403, 200);
        check(failures, "GET /v1/admin/tenants", spec -> spec.get("/v1/admin/tenants"),
                401, 403, 403, 403, 403, 200);
        check(failures, "POST /v1/admin/tenants (invalid body)", spec -> spec.contentType(ContentType.JSON)
                        .body("{\"name\":\"!\"}").post("/v1/admin/tenants"),
                401, 403, 403, 403, 403, 400);
        // who may change a registration is the registry's own test (OwnershipAndAccessTest)
        check(failures, "registry: GET /v1/experts", spec -> spec.get(registry + "/v1/experts"),
                401, 200, 200, 200, 200, 200);
        assertThat(failures).as("cells that differ from the matrix").isEmpty();

        given().auth().oauth2(tokens.get("acme-app")).delete("/v1/collections/matrix-notes");
        given().auth().oauth2(tokens.get("thalamus-admin")).delete("/v1/admin/quotas/acme");
    }

    private interface Call {
        io.restassured.response.Response send(RequestSpecification spec);
    }

    private void check(List<String> failures, String endpoint, Call call, int... expected) {
        for (int i = 0; i < CALLERS.size(); i++) {
            String caller = CALLERS.get(i);
            RequestSpecification spec = given();
            if (!caller.equals(NONE)) {
                spec = spec.auth().oauth2(tokens.get(caller));
            }
            int status = call.send(spec).statusCode();
            if (status != expected[i]) {
                failures.add(endpoint + " as " + caller + ": " + status + ", expected " + expected[i]);
            }
        }
    }
}
