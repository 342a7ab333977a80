package io.thalamus.expert.registration;

import io.thalamus.api.expert.ExpertDescriptor;
import io.thalamus.api.registry.Heartbeat;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The registry's endpoints an expert calls. Built programmatically by {@link RegistryClient}. */
@Path("/v1/experts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface RegistryApi {

    @PUT
    @Path("/{id}")
    Response register(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                      ExpertDescriptor descriptor);

    @PUT
    @Path("/{id}/heartbeat")
    Response heartbeat(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                       Heartbeat heartbeat);

    @DELETE
    @Path("/{id}")
    Response deregister(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);
}
