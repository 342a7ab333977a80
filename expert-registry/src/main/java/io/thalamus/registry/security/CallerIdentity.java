package io.thalamus.registry.security;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.security.Principal;

/** Reads the {@link Caller} out of the bearer token of the current request. */
@ApplicationScoped
public class CallerIdentity {

    private final SecurityIdentity identity;

    public CallerIdentity(SecurityIdentity identity) {
        this.identity = identity;
    }

    public Caller current() {
        if (identity.isAnonymous()) {
            throw new UnauthorizedException();
        }
        return new Caller(clientId(identity.getPrincipal()), identity.hasRole(Caller.ADMIN_ROLE));
    }

    private static String clientId(Principal principal) {
        if (principal instanceof JsonWebToken token) {
            for (String claim : new String[] {"azp", "client_id"}) {
                Object value = token.getClaim(claim);
                if (value != null && !value.toString().isBlank()) {
                    return value.toString();
                }
            }
        }
        return principal.getName();
    }
}
