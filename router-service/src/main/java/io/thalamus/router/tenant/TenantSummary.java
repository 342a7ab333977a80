package io.thalamus.router.tenant;

import java.util.List;

/** A tenant as Keycloak knows it (an organisation). */
public record TenantSummary(String name, boolean enabled, String description, List<String> domains) {
}
