package io.thalamus.testkit.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thalamus.testkit.TestServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeycloakServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static KeycloakServer keycloak;

    @BeforeAll
    static void startKeycloak() {
        keycloak = TestServers.keycloak();
    }

    @Test
    void issuesAClientCredentialsTokenNamingTheTenantAndItsRole() throws Exception {
        String token = KeycloakTokens.clientCredentials(keycloak, "acme-app", secret("acme-app"));

        JsonNode claims = JSON.readTree(KeycloakTokens.payload(token));
        assertThat(claims.path("iss").asText()).isEqualTo("http://127.0.0.1:" + keycloak.port() + "/realms/thalamus");
        assertThat(claims.path("azp").asText()).isEqualTo("acme-app");
        assertThat(strings(claims.path("organization"))).containsExactly("acme");
        assertThat(strings(claims.path("realm_access").path("roles"))).contains("tenant-user")
                .doesNotContain("tenant-admin", "platform-admin", "expert");
    }

    @ParameterizedTest
    @CsvSource({
            "globex-app, globex, tenant-user",
            "acme-admin, acme, tenant-admin",
            "globex-admin, globex, tenant-admin",
    })
    void tenantClientsCarryTheirOrganization(String client, String organization, String role) throws Exception {
        JsonNode claims = JSON.readTree(KeycloakTokens.payload(
                KeycloakTokens.clientCredentials(keycloak, client, secret(client))));

        assertThat(strings(claims.path("organization"))).containsExactly(organization);
        assertThat(strings(claims.path("realm_access").path("roles"))).contains(role);
    }

    @ParameterizedTest
    @CsvSource({
            "retrieval-expert, expert",
            "vision-expert, expert",
            "diffusion-expert, expert",
            "thalamus-admin, platform-admin",
            "thalamus-router, tenant-user",
    })
    void platformClientsCarryTheirRoleAndNoTenant(String client, String role) throws Exception {
        JsonNode claims = JSON.readTree(KeycloakTokens.payload(
                KeycloakTokens.clientCredentials(keycloak, client, secret(client))));

        assertThat(strings(claims.path("realm_access").path("roles"))).contains(role);
        assertThat(claims.has("organization")).isFalse();
    }

    @Test
    void aPersonSignsInThroughTheCliAndGetsTheirOrganization() throws Exception {
        JsonNode claims = JSON.readTree(KeycloakTokens.payload(
                KeycloakTokens.password(keycloak, "thalamus-cli", "alice", "alice-dev-password")));

        assertThat(claims.path("preferred_username").asText()).isEqualTo("alice");
        assertThat(strings(claims.path("organization"))).containsExactly("acme");
        assertThat(strings(claims.path("realm_access").path("roles"))).contains("tenant-user", "tenant-admin");
    }

    @Test
    void refusesAWrongSecret() {
        assertThatThrownBy(() -> KeycloakTokens.clientCredentials(keycloak, "acme-app", "not-the-secret"))
                .hasMessageContaining("HTTP 401")
                .hasMessageContaining("acme-app");
    }

    @Test
    void quarkusTestResourceConfiguresOidcForTheChosenClient() {
        KeycloakTestResource resource = new KeycloakTestResource();
        resource.init(Map.of(KeycloakTestResource.CLIENT_ID, "retrieval-expert", KeycloakTestResource.OIDC_CLIENT, "true"));

        assertThat(resource.start())
                .containsEntry("quarkus.oidc.auth-server-url", keycloak.realmUrl())
                .containsEntry("quarkus.oidc.client-id", "retrieval-expert")
                .containsEntry("quarkus.oidc.credentials.secret", "retrieval-expert-secret")
                .containsEntry("quarkus.oidc-client.auth-server-url", keycloak.realmUrl())
                .containsEntry("quarkus.oidc-client.client-id", "retrieval-expert")
                .containsEntry("quarkus.oidc-client.credentials.secret", "retrieval-expert-secret");
    }

    private static String secret(String client) {
        return RealmClients.secret(TestServers.realmFile(), client);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
