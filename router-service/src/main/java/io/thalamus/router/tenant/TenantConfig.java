package io.thalamus.router.tenant;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Tenant administration: the realm tenants are created in and the role of their service accounts. */
@ConfigMapping(prefix = "thalamus.router.tenants")
public interface TenantConfig {

    /** The realm of the platform's identities (the admin client authenticates in it too). */
    @WithDefault("${quarkus.keycloak.admin-client.realm:thalamus}")
    String realm();

    /** Issuer of the tenants' tokens, for the token endpoint shown with new credentials. */
    @WithDefault("${quarkus.oidc.auth-server-url}")
    String issuer();
}
