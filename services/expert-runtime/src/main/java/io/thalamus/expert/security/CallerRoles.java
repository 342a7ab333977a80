package io.thalamus.expert.security;

/**
 * Who may call an expert: only the router, with its service token (client credentials from Keycloak carrying this
 * realm role). Product teams reach experts through the router, never directly.
 */
public final class CallerRoles {

    public static final String ROUTER = "router";

    private CallerRoles() {
    }
}
