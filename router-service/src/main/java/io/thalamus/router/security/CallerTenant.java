package io.thalamus.router.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Collection;
import java.util.Map;

/** Reads the caller's tenant from the bearer token's {@code organization} claim (a Keycloak Organization). */
@ApplicationScoped
public class CallerTenant {

    public static final String CLAIM = "organization";

    public String of(SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof JsonWebToken token) {
            String tenant = tenantFrom(token.getClaim(CLAIM));
            if (tenant != null) {
                return tenant;
            }
        }
        throw new ProblemException(ProblemType.FORBIDDEN,
                "The token names no tenant: it needs an '" + CLAIM + "' claim with exactly one organisation");
    }

    /** Keycloak writes the claim as a list of aliases, or as a map of alias to details. */
    private static String tenantFrom(Object claim) {
        Object value = claim;
        if (value instanceof jakarta.json.JsonString json) {
            return json.getString();
        }
        if (value instanceof jakarta.json.JsonArray array && array.size() == 1) {
            return array.getString(0);
        }
        if (value instanceof jakarta.json.JsonObject object && object.size() == 1) {
            return object.keySet().iterator().next();
        }
        if (value instanceof String text && !text.isBlank()) {
            return text;
        }
        if (value instanceof Collection<?> list && list.size() == 1) {
            return String.valueOf(list.iterator().next());
        }
        if (value instanceof Map<?, ?> map && map.size() == 1) {
            return String.valueOf(map.keySet().iterator().next());
        }
        return null;
    }
}
