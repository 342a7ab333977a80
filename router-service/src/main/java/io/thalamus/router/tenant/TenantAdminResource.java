package io.thalamus.router.tenant;

import io.smallrye.mutiny.Uni;
import io.thalamus.router.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.List;

/** Platform admins create tenants (organisation, service account, quotas) and list them. */
@Path("/v1/admin/tenants")
@Tag(name = "tenants")
@RolesAllowed(Roles.PLATFORM_ADMIN)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class TenantAdminResource {

    private final TenantDirectory tenants;

    public TenantAdminResource(TenantDirectory tenants) {
        this.tenants = tenants;
    }

    @POST
    @Operation(summary = "Create a tenant: a Keycloak organisation, a service account <tenant>-app (its secret is "
            + "in this answer only) and its quotas")
    public Uni<Response> create(NewTenant tenant) {
        return tenants.create(tenant).map(created -> Response
                .created(URI.create("/v1/admin/quotas/" + created.tenant()))
                .header("Cache-Control", "no-store")
                .entity(created).build());
    }

    @GET
    @Operation(summary = "Every tenant (Keycloak organisation)")
    public Uni<List<TenantSummary>> list() {
        return tenants.list();
    }
}
