package io.thalamus.expert.registration;

import io.quarkus.arc.DefaultBean;
import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.Optional;

/**
 * Authenticates the expert to the registry with its own Keycloak client (OAuth2 client credentials, configured
 * with {@code quarkus.oidc-client.*}). Without {@code quarkus.oidc-client.auth-server-url} the expert calls the
 * registry without credentials, which only a registry with authentication switched off accepts.
 */
@DefaultBean
@ApplicationScoped
public class ClientCredentialsRegistryCredentials implements RegistryCredentials {

    private static final Duration TOKEN_TIMEOUT = Duration.ofSeconds(10);

    private final boolean configured;
    private final Instance<OidcClient> client;
    private Tokens tokens;

    public ClientCredentialsRegistryCredentials(
            @ConfigProperty(name = "quarkus.oidc-client.auth-server-url") Optional<String> authServerUrl,
            @ConfigProperty(name = "quarkus.oidc-client.client-enabled", defaultValue = "true") boolean enabled,
            Instance<OidcClient> client) {
        this.configured = enabled && authServerUrl.isPresent();
        this.client = client;
    }

    @Override
    public synchronized Optional<String> authorization() {
        if (!configured) {
            return Optional.empty();
        }
        if (tokens == null || tokens.isAccessTokenExpired() || tokens.isAccessTokenWithinRefreshInterval()) {
            tokens = client.get().getTokens().await().atMost(TOKEN_TIMEOUT);
        }
        return Optional.of("Bearer " + tokens.getAccessToken());
    }
}
