package io.thalamus.router.tenant;

import io.thalamus.router.quota.TenantQuotas;

/**
 * A created tenant with the credentials of its first service account. The secret is shown once, here; it is
 * not stored by the router and can be rotated in Keycloak.
 */
public record CreatedTenant(String tenant, String clientId, String clientSecret, String tokenEndpoint,
                            TenantQuotas quotas) {

    @Override
    public String toString() {
        return "CreatedTenant[tenant=" + tenant + ", clientId=" + clientId + "]";
    }
}
