package io.thalamus.testkit.keycloak;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.thalamus.testkit.TestServers;

import java.util.HashMap;
import java.util.Map;

/**
 * Points a Quarkus test at the JVM's Keycloak (realm {@code thalamus}): {@code quarkus.oidc.auth-server-url} and the
 * credentials of the service's own client ({@code quarkus.oidc.client-id}, {@code quarkus.oidc.credentials.secret}).
 *
 * <p>Init arguments ({@code @WithTestResource(value = KeycloakTestResource.class, initArgs = ...)}):
 * <ul>
 *   <li>{@value #CLIENT_ID}: the service's client, default {@value #DEFAULT_CLIENT_ID}; its secret is read from the
 *       realm file unless {@value #CLIENT_SECRET} is given</li>
 *   <li>{@value #OIDC_CLIENT}: {@code true} to also configure the OIDC client extension
 *       ({@code quarkus.oidc-client.*}) with the same client, for services that obtain tokens themselves</li>
 * </ul>
 * Tokens for other clients: {@link KeycloakTokens} with {@code TestServers.keycloak()}.
 */
public class KeycloakTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String CLIENT_ID = "client-id";
    public static final String CLIENT_SECRET = "client-secret";
    public static final String OIDC_CLIENT = "oidc-client";
    public static final String DEFAULT_CLIENT_ID = "thalamus-router";

    private Map<String, String> initArgs = Map.of();

    @Override
    public void init(Map<String, String> initArgs) {
        this.initArgs = Map.copyOf(initArgs);
    }

    @Override
    public Map<String, String> start() {
        KeycloakServer keycloak = TestServers.keycloak();
        String clientId = initArgs.getOrDefault(CLIENT_ID, DEFAULT_CLIENT_ID);
        String secret = initArgs.containsKey(CLIENT_SECRET) ? initArgs.get(CLIENT_SECRET)
                : RealmClients.secret(TestServers.realmFile(), clientId);
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.oidc.auth-server-url", keycloak.realmUrl());
        config.put("quarkus.oidc.client-id", clientId);
        config.put("quarkus.oidc.credentials.secret", secret);
        if (Boolean.parseBoolean(initArgs.getOrDefault(OIDC_CLIENT, "false"))) {
            config.put("quarkus.oidc-client.auth-server-url", keycloak.realmUrl());
            config.put("quarkus.oidc-client.client-id", clientId);
            config.put("quarkus.oidc-client.credentials.secret", secret);
        }
        return config;
    }

    /** The server outlives a single test class; it stops when the JVM exits. */
    @Override
    public void stop() {
    }
}
