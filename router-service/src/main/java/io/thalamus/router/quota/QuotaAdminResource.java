package io.thalamus.router.quota;

import io.smallrye.mutiny.Uni;
import io.thalamus.router.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operators define tenants' quotas: tenant-wide, and per task. Changes reach every replica within the cache TTL. */
@Path("/v1/admin/quotas/{tenant}")
@Tag(name = "quotas")
@RolesAllowed(Roles.PLATFORM_ADMIN)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class QuotaAdminResource {

    private final QuotaAdministration quotas;

    public QuotaAdminResource(QuotaAdministration quotas) {
        this.quotas = quotas;
    }

    @GET
    @Operation(summary = "A tenant's effective quotas: its own definition over the defaults, and its per-task limits")
    public Uni<TenantQuotas> get(@PathParam("tenant") String tenant) {
        return quotas.get(tenant);
    }

    @PUT
    @Operation(summary = "Set a tenant's tenant-wide limits; a measure left out (null) takes the configured default")
    public Uni<TenantQuotas> put(@PathParam("tenant") String tenant, QuotaLimits limits) {
        return quotas.set(tenant, QuotaScope.ALL_TASKS, limits);
    }

    @PUT
    @Path("/tasks/{task}")
    @Operation(summary = "Set a tenant's limits for one task, counted on top of its tenant-wide limits; "
            + "a measure left out is not limited per task")
    public Uni<TenantQuotas> putTask(@PathParam("tenant") String tenant, @PathParam("task") String task,
                                     QuotaLimits limits) {
        return quotas.set(tenant, task, limits);
    }

    @DELETE
    @Operation(summary = "Remove a tenant's tenant-wide definition (the defaults apply again)")
    public Uni<TenantQuotas> delete(@PathParam("tenant") String tenant) {
        return quotas.remove(tenant, QuotaScope.ALL_TASKS);
    }

    @DELETE
    @Path("/tasks/{task}")
    @Operation(summary = "Remove a tenant's limits for one task")
    public Uni<TenantQuotas> deleteTask(@PathParam("tenant") String tenant, @PathParam("task") String task) {
        return quotas.remove(tenant, task);
    }
}
