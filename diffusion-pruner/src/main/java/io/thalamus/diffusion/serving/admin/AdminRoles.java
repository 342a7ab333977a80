package io.thalamus.diffusion.serving.admin;

/** Who may change the expert's compute budget: platform operators, and the router (with its service token). */
public final class AdminRoles {

    /** Realm role of platform operators (infra/keycloak, docs/tenancy.md). */
    public static final String PLATFORM_ADMIN = "platform-admin";

    private AdminRoles() {
    }
}
