package io.thalamus.expert.invoke;

import io.smallrye.mutiny.Uni;
import io.thalamus.api.invoke.BatchInvokeRequest;
import io.thalamus.api.invoke.BatchInvokeResponse;
import io.thalamus.api.invoke.InvokeRequest;
import io.thalamus.api.invoke.InvokeResponse;
import io.thalamus.expert.security.CallerRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Expert protocol v1: one request, or several at once with a result or problem per item; for the router only. */
@Path("/v1")
@RolesAllowed(CallerRoles.ROUTER)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class InvokeResource {

    private final InvocationService invocations;

    public InvokeResource(InvocationService invocations) {
        this.invocations = invocations;
    }

    @POST
    @Path("/invoke")
    public Uni<InvokeResponse> invoke(InvokeRequest request) {
        return invocations.invoke(request);
    }

    @POST
    @Path("/invoke:batch")
    public Uni<BatchInvokeResponse> invokeBatch(BatchInvokeRequest batch) {
        return invocations.invokeBatch(batch);
    }
}
