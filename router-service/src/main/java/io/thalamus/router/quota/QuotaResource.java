package io.thalamus.router.quota;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.thalamus.router.security.CallerTenant;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A tenant reads the limits its requests are held to. */
@Path("/v1/quotas")
@Tag(name = "quotas")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class QuotaResource {

    private final QuotaDefinitions definitions;
    private final CallerTenant callerTenant;
    private final SecurityIdentity identity;

    public QuotaResource(QuotaDefinitions definitions, CallerTenant callerTenant, SecurityIdentity identity) {
        this.definitions = definitions;
        this.callerTenant = callerTenant;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "The caller's tenant's effective quotas (tenant-wide and per task), as this replica applies them")
    public Uni<TenantQuotas> mine() {
        return definitions.of(callerTenant.of(identity));
    }
}
