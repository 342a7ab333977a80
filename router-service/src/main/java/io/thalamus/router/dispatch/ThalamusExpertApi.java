package io.thalamus.router.dispatch;

import io.smallrye.mutiny.Uni;
import io.thalamus.api.invoke.InvokeRequest;
import io.thalamus.api.invoke.InvokeResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The expert protocol v1, as the router calls it. Built per expert endpoint by {@link ExpertClients}. */
@Path("/v1")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface ThalamusExpertApi {

    @POST
    @Path("/invoke")
    Uni<InvokeResponse> invoke(InvokeRequest request);
}
