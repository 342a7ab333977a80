package io.thalamus.expert.invoke;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.thalamus.expert.security.CallerRoles;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** Only the router (its service token's role) may call an expert; everyone else gets a problem. */
@QuarkusTest
class InvokeAuthorizationTest {

    private static final String REQUEST = """
            {"requestId":"auth-1","tenant":"acme","task":"upper","input":{"text":"hello"}}""";

    @Test
    void aCallWithoutATokenIsUnauthorized() {
        given().contentType(ContentType.JSON).body(REQUEST)
                .post("/v1/invoke")
                .then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    @TestSecurity(user = "acme-app", roles = "tenant-user")
    void aProductTeamCannotCallAnExpertDirectly() {
        given().contentType(ContentType.JSON).body(REQUEST)
                .post("/v1/invoke:batch")
                .then().statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    @TestSecurity(user = "thalamus-router", roles = CallerRoles.ROUTER)
    void theRouterIsServed() {
        given().contentType(ContentType.JSON).body(REQUEST)
                .post("/v1/invoke")
                .then().statusCode(200)
                .body("output.text", equalTo("HELLO"));
    }
}
