package io.thalamus.router.task;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.thalamus.api.routing.FeedbackReceipt;
import io.thalamus.api.routing.TaskFeedback;
import io.thalamus.api.routing.TaskRequest;
import io.thalamus.api.routing.TaskResponse;
import io.thalamus.router.feedback.FeedbackService;
import io.thalamus.router.security.CallerTenant;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/tasks")
@Tag(name = "tasks")
@Authenticated
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class TaskResource {

    private final TaskService service;
    private final FeedbackService feedback;
    private final CallerTenant callerTenant;
    private final SecurityIdentity identity;

    public TaskResource(TaskService service, FeedbackService feedback, CallerTenant callerTenant,
                        SecurityIdentity identity) {
        this.service = service;
        this.feedback = feedback;
        this.callerTenant = callerTenant;
        this.identity = identity;
    }

    @POST
    @Operation(summary = "Run a task on the best expert and return its result with the routing decision")
    public Uni<TaskResponse> submit(TaskRequest request) {
        return service.submit(request, callerTenant.of(identity));
    }

    @POST
    @Path("/{id}/feedback")
    @Operation(summary = "Score a task's result from 0 to 1; it moves the serving expert's predicted quality. "
            + "Only the tenant that submitted the task can, while the router remembers it.")
    public FeedbackReceipt feedback(@PathParam("id") String id, TaskFeedback body) {
        return feedback.record(id, callerTenant.of(identity), body);
    }
}
