package io.thalamus.registry.security;

/**
 * Who is calling.
 *
 * @param clientId the OIDC client the token was issued to ({@code azp}); owner of what it registers
 * @param admin    whether the caller is a platform admin, who may change any registration
 */
public record Caller(String clientId, boolean admin) {

    public static final String EXPERT_ROLE = "expert";
    public static final String ADMIN_ROLE = "platform-admin";

    public boolean owns(String owner) {
        return clientId.equals(owner);
    }
}
