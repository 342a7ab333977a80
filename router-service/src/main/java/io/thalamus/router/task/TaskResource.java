package io.thalamus.router.task;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.thalamus.api.routing.FeedbackReceipt;
import io.thalamus.api.routing.TaskFeedback;
import io.thalamus.api.routing.TaskRequest;
import io.thalamus.api.routing.TaskResponse;
import io.thalamus.api.routing.TaskStatus;
import io.thalamus.router.feedback.FeedbackService;
import io.thalamus.router.input.ImageUrlResolver;
import io.thalamus.router.job.JobService;
import io.thalamus.router.security.CallerTenant;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.net.URI;
import java.util.Locale;

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
    private final ImageUrlResolver imageUrls;
    private final JobService jobs;

    public TaskResource(TaskService service, FeedbackService feedback, CallerTenant callerTenant,
                        SecurityIdentity identity, ImageUrlResolver imageUrls, JobService jobs) {
        this.service = service;
        this.feedback = feedback;
        this.callerTenant = callerTenant;
        this.identity = identity;
        this.imageUrls = imageUrls;
        this.jobs = jobs;
    }

    @POST
    @Operation(summary = "Run a task on the best expert and return its result with the routing decision. "
            + "Asynchronous tasks (text-to-image), and others sent with 'Prefer: respond-async' to an expert that "
            + "takes jobs, answer 202 with the task id; read them with GET /v1/tasks/{id}.")
    public Uni<RestResponse<TaskResponse>> submit(TaskRequest request, @HeaderParam("Prefer") String prefer) {
        String tenant = callerTenant.of(identity);
        boolean preferAsync = prefer != null && prefer.toLowerCase(Locale.ROOT).contains("respond-async");
        // an image given by URL is fetched (when enabled) before validation
        return imageUrls.resolve(request)
                .chain(resolved -> service.submit(resolved, tenant, null, preferAsync))
                .map(TaskResource::asResponse);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Status and result of an asynchronous task; only the tenant that submitted it can read it")
    public Uni<TaskResponse> get(@PathParam("id") String id) {
        return jobs.get(id, callerTenant.of(identity));
    }

    private static RestResponse<TaskResponse> asResponse(TaskResponse response) {
        if (response.status() == TaskStatus.QUEUED) {
            return RestResponse.ResponseBuilder.create(RestResponse.Status.ACCEPTED, response)
                    .location(URI.create("/v1/tasks/" + response.id()))
                    .header("Preference-Applied", "respond-async")
                    .build();
        }
        return RestResponse.ok(response);
    }

    @POST
    @Path("/{id}/feedback")
    @Operation(summary = "Score a task's result from 0 to 1; it moves the serving expert's predicted quality. "
            + "Only the tenant that submitted the task can, while the router remembers it.")
    public FeedbackReceipt feedback(@PathParam("id") String id, TaskFeedback body) {
        return feedback.record(id, callerTenant.of(identity), body);
    }
}
