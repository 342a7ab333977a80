package io.thalamus.router.tenant;

import io.thalamus.router.quota.QuotaLimits;

/**
 * A tenant to create.
 *
 * @param name   the tenant id: the organisation's alias and the {@code organization} claim of its tokens
 * @param domain the organisation's e-mail domain (Keycloak requires one); {@code <name>.tenants.invalid} if null
 * @param quotas its tenant-wide quotas; null for the configured defaults
 */
public record NewTenant(String name, String domain, QuotaLimits quotas) {
}
