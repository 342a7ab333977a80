package io.thalamus.router.usage;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.thalamus.router.security.CallerTenant;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A tenant reads what it used, per day and task, and what is left of today's budgets. */
@Path("/v1/usage")
@Tag(name = "usage")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class UsageResource {

    private final UsageService usage;
    private final CallerTenant callerTenant;
    private final SecurityIdentity identity;

    public UsageResource(UsageService usage, CallerTenant callerTenant, SecurityIdentity identity) {
        this.usage = usage;
        this.callerTenant = callerTenant;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "The caller's tenant's usage from 'from' to 'to' (UTC dates, inclusive; default: the last "
            + "30 days) and today's balance")
    public Uni<UsageReport> mine(@QueryParam("from") String from, @QueryParam("to") String to) {
        return usage.report(callerTenant.of(identity), from, to);
    }
}
