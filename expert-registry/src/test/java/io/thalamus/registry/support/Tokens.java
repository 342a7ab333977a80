package io.thalamus.registry.support;

import io.thalamus.testkit.keycloak.KeycloakTokens;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Client-credentials tokens from the test kit's Keycloak, one per client, renewed well before they expire. */
public final class Tokens {

    public static final String RETRIEVAL_EXPERT = "retrieval-expert";
    public static final String VISION_EXPERT = "vision-expert";
    public static final String ADMIN = "thalamus-admin";
    public static final String TENANT_APP = "acme-app";

    private static final Duration REUSE_FOR = Duration.ofSeconds(60);
    private static final Map<String, Issued> ISSUED = new ConcurrentHashMap<>();

    private Tokens() {
    }

    public static String of(String clientId) {
        Issued issued = ISSUED.get(clientId);
        if (issued == null || issued.at().plus(REUSE_FOR).isBefore(Instant.now())) {
            String token = KeycloakTokens.serviceAccount(clientId);
            issued = new Issued(token, Instant.now());
            ISSUED.put(clientId, issued);
        }
        return issued.token();
    }

    private record Issued(String token, Instant at) {
    }
}
