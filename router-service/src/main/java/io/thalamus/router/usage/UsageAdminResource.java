package io.thalamus.router.usage;

import io.smallrye.mutiny.Uni;
import io.thalamus.router.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Platform admins read any tenant's usage. */
@Path("/v1/admin/usage/{tenant}")
@Tag(name = "usage")
@RolesAllowed(Roles.PLATFORM_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class UsageAdminResource {

    private final UsageService usage;

    public UsageAdminResource(UsageService usage) {
        this.usage = usage;
    }

    @GET
    @Operation(summary = "A tenant's usage from 'from' to 'to' (UTC dates, inclusive) and today's balance")
    public Uni<UsageReport> of(@PathParam("tenant") String tenant, @QueryParam("from") String from,
                               @QueryParam("to") String to) {
        return usage.report(tenant, from, to);
    }
}
