package io.thalamus.registry.expert.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.Authenticated;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.thalamus.api.expert.ExpertDescriptor;
import io.thalamus.api.registry.Heartbeat;
import io.thalamus.api.registry.RegisteredExpert;
import io.thalamus.api.registry.RegistrySnapshot;
import io.thalamus.registry.config.RegistryConfig;
import io.thalamus.registry.expert.repository.ExpertFilter;
import io.thalamus.registry.expert.service.RegistrationService;
import io.thalamus.registry.expert.validation.DescriptorReader;
import io.thalamus.registry.expert.validation.HeartbeatValidator;
import io.thalamus.registry.security.Caller;
import io.thalamus.registry.security.CallerIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * Expert self-registration. Writes need the {@code expert} or {@code platform-admin} role, reads any valid token.
 * Registrations carry {@code ETag: "<version>"}; writes honour {@code If-Match}.
 */
@Path("/v1/experts")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "experts")
public class ExpertResource {

    private final RegistrationService registrations;
    private final DescriptorReader descriptors;
    private final CallerIdentity callers;
    private final RegistryConfig.Limits limits;

    public ExpertResource(RegistrationService registrations, DescriptorReader descriptors, CallerIdentity callers,
                          RegistryConfig config) {
        this.registrations = registrations;
        this.descriptors = descriptors;
        this.callers = callers;
        this.limits = config.limits();
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Caller.EXPERT_ROLE, Caller.ADMIN_ROLE})
    @Operation(summary = "Register or update an expert (idempotent); 201 when new, 200 otherwise")
    @RequestBody(content = @Content(schema = @Schema(implementation = ExpertDescriptor.class)))
    public Uni<Response> register(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                                  @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch, JsonNode body,
                                  @Context UriInfo uri) {
        Caller caller = callers.current();
        Preconditions preconditions = Preconditions.parse(ifMatch, ifNoneMatch);
        // the endpoint check resolves host names: off the event loop
        return VertxContextSupport.executeBlocking(() -> descriptors.read(id, body))
                .chain(descriptor -> registrations.register(id, descriptor, caller, preconditions))
                .map(result -> {
                    Response.ResponseBuilder response = result.created()
                            ? Response.created(uri.getAbsolutePath()) : Response.ok();
                    return withTag(response.entity(result.expert()), result.expert()).build();
                });
    }

    @PUT
    @Path("/{id}/heartbeat")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Caller.EXPERT_ROLE, Caller.ADMIN_ROLE})
    @Operation(summary = "Renew the lease and report load; 404 when the registry no longer knows the expert")
    @RequestBody(content = @Content(schema = @Schema(implementation = Heartbeat.class)))
    public Uni<Response> heartbeat(@PathParam("id") String id, JsonNode heartbeat) {
        Caller caller = callers.current();
        return registrations.heartbeat(id, HeartbeatValidator.loadOf(heartbeat), caller)
                .map(expert -> withTag(Response.ok(expert), expert).build());
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({Caller.EXPERT_ROLE, Caller.ADMIN_ROLE})
    @Operation(summary = "Deregister: DRAINING now, GONE once in-flight work ended or the grace period passed")
    public Uni<Response> deregister(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        Caller caller = callers.current();
        Preconditions preconditions = Preconditions.parse(ifMatch, null);
        return registrations.deregister(id, caller, preconditions)
                .map(expert -> withTag(Response.accepted(expert), expert).build());
    }

    @GET
    @Path("/snapshot")
    @Operation(summary = "Every live registration and the event position it reflects, to bootstrap a consumer")
    public Uni<Response> snapshot(@HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return registrations.snapshot().map(snapshot -> {
            EntityTag tag = snapshotTag(snapshot);
            if (matches(ifNoneMatch, tag.getValue())) {
                return Response.notModified(tag).build();
            }
            return Response.ok(snapshot).tag(tag).build();
        });
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One registration, GONE ones included")
    public Uni<Response> get(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        descriptors.checkId(id);
        return registrations.get(id).map(expert -> {
            if (matches(ifNoneMatch, Preconditions.tag(expert.version()))) {
                return Response.notModified(new EntityTag(Preconditions.tag(expert.version()))).build();
            }
            return withTag(Response.ok(expert), expert).build();
        });
    }

    @GET
    @Operation(summary = "Registrations matching every given filter, by id; GONE ones only when asked for by state")
    public Uni<Response> list(@QueryParam("task") String task, @QueryParam("modality") String modality,
                              @QueryParam("state") List<String> states, @QueryParam("label") List<String> labels,
                              @QueryParam("zone") String zone, @QueryParam("gpuModel") String gpuModel,
                              @QueryParam("after") String after, @QueryParam("limit") Integer limit,
                              @Context UriInfo uri) {
        ExpertFilter filter = ExpertFilter.parse(task, modality, states, labels, zone, gpuModel, after, limit, limits);
        return registrations.list(filter).map(experts -> {
            Response.ResponseBuilder response = Response.ok(experts);
            if (experts.size() == filter.limit()) {
                response.link(uri.getRequestUriBuilder()
                        .replaceQueryParam("after", experts.get(experts.size() - 1).id()).build(), "next");
            }
            return response.build();
        });
    }

    private static Response.ResponseBuilder withTag(Response.ResponseBuilder response, RegisteredExpert expert) {
        return response.tag(new EntityTag(Preconditions.tag(expert.version())));
    }

    private static EntityTag snapshotTag(RegistrySnapshot snapshot) {
        // weak: load and leases change without a new position
        return new EntityTag(Long.toString(snapshot.position()), true);
    }

    private static boolean matches(String ifNoneMatch, String value) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        if (ifNoneMatch.trim().equals("*")) {
            return true;
        }
        try {
            return Preconditions.versionsOf(ifNoneMatch, HttpHeaders.IF_NONE_MATCH, true).stream()
                    .anyMatch(version -> Long.toString(version).equals(value));
        } catch (RuntimeException malformed) {
            return false;
        }
    }
}
