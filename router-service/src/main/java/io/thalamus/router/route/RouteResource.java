package io.thalamus.router.route;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.thalamus.api.routing.RoutingDecision;
import io.thalamus.api.routing.TaskRequest;
import io.thalamus.router.security.CallerTenant;
import io.thalamus.router.task.TaskService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Dry run: where a task request would go, and why, without running it. */
@Path("/v1/route")
@Tag(name = "tasks")
@Authenticated
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class RouteResource {

    private final TaskService service;
    private final CallerTenant callerTenant;
    private final SecurityIdentity identity;

    public RouteResource(TaskService service, CallerTenant callerTenant, SecurityIdentity identity) {
        this.service = service;
        this.callerTenant = callerTenant;
        this.identity = identity;
    }

    @POST
    @Operation(summary = "Return the routing decision for a task request (same body as /v1/tasks) without executing it")
    public RoutingDecision route(TaskRequest request) {
        return service.route(request, callerTenant.of(identity));
    }
}
