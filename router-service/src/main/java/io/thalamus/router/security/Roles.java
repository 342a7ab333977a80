package io.thalamus.router.security;

/** Realm roles of the platform's Keycloak (infra/keycloak, docs/tenancy.md). */
public final class Roles {

    /** Sends tasks and reads its tenant's jobs, collections, usage and quotas. */
    public static final String TENANT_USER = "tenant-user";
    /** A tenant's administrator (creating service accounts of its own is done by the platform admin). */
    public static final String TENANT_ADMIN = "tenant-admin";
    /** An expert service. */
    public static final String EXPERT = "expert";
    /** Operates the platform: every tenant, quota and usage. */
    public static final String PLATFORM_ADMIN = "platform-admin";

    private Roles() {
    }
}
