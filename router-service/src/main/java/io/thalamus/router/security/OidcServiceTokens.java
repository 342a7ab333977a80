package io.thalamus.router.security;

import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;
import io.smallrye.mutiny.Uni;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * Service tokens of the router's client ({@code quarkus.oidc-client.*}, client credentials), kept until they are
 * about to expire.
 */
@ApplicationScoped
public class OidcServiceTokens implements ServiceTokens {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final OidcClient client;
    private volatile Tokens tokens;

    public OidcServiceTokens(OidcClient client) {
        this.client = client;
    }

    @Override
    public Uni<String> bearer() {
        Tokens current = tokens;
        if (current != null && !current.isAccessTokenExpired() && !current.isAccessTokenWithinRefreshInterval()) {
            return Uni.createFrom().item(current.getAccessToken());
        }
        return client.getTokens()
                .ifNoItem().after(TIMEOUT).fail()
                .onFailure().transform(failure -> new ProblemException(ProblemType.NO_EXPERT,
                        "The router cannot obtain its service token from the identity provider; retry shortly"))
                .invoke(fresh -> tokens = fresh)
                .map(Tokens::getAccessToken);
    }
}
