package io.thalamus.router.graphql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;
import io.thalamus.api.routing.Constraints;
import io.thalamus.api.routing.TaskRequest;
import io.thalamus.api.routing.Tradeoff;
import io.thalamus.api.task.ImageInput;
import io.thalamus.api.task.TaskId;
import io.thalamus.api.task.TaskInput;
import io.thalamus.router.directory.ExpertDirectory;
import io.thalamus.router.input.ImageUrlResolver;
import io.thalamus.router.job.JobService;
import io.thalamus.router.security.CallerTenant;
import io.thalamus.router.task.TaskService;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.GraphQLException;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import java.net.URI;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The router over GraphQL at {@code /graphql}: the experts in its routing table with their live state, a dry run
 * of the routing decision, task submission, and asynchronous tasks (jobs) by id. Synchronous tasks are not
 * stored, so only jobs can be looked up.
 */
@GraphQLApi
@Authenticated
public class RouterGraphQlApi {

    private static final TypeReference<Map<String, Object>> PARAMS = new TypeReference<>() {
    };

    private final ExpertDirectory directory;
    private final TaskService tasks;
    private final ImageUrlResolver imageUrls;
    private final CallerTenant callerTenant;
    private final SecurityIdentity identity;
    private final ObjectMapper mapper;
    private final JobService jobs;

    public RouterGraphQlApi(ExpertDirectory directory, TaskService tasks,
                            ImageUrlResolver imageUrls, CallerTenant callerTenant, SecurityIdentity identity,
                            ObjectMapper mapper, JobService jobs) {
        this.directory = directory;
        this.tasks = tasks;
        this.jobs = jobs;
        this.imageUrls = imageUrls;
        this.callerTenant = callerTenant;
        this.identity = identity;
        this.mapper = mapper;
    }

    @Query("experts")
    @Description("Every expert in the routing table, optionally only those performing a task")
    public @NonNull List<@NonNull ExpertView> experts(@Name("task") String task) throws GraphQLException {
        var experts = task == null ? directory.all() : directory.expertsFor(taskId(task));
        return experts.stream().map(ExpertView::of).sorted(Comparator.comparing(ExpertView::id)).toList();
    }

    @Query("expert")
    @Description("One expert by id, or null")
    public ExpertView expert(@Name("id") @NonNull String id) {
        return directory.all().stream().filter(expert -> expert.id().equals(id)).findFirst()
                .map(ExpertView::of).orElse(null);
    }

    @Query("task")
    @Description("An asynchronous task (job) by id, as the tenant that submitted it sees it; null for any other")
    public Uni<TaskResultView> task(@Name("id") @NonNull String id) throws GraphQLException {
        return jobs.get(id, tenant())
                .map(TaskResultView::of)
                .onFailure(ProblemException.class).recoverWithUni(failure -> {
                    ProblemException problem = (ProblemException) failure;
                    return problem.problem().is(ProblemType.NOT_FOUND) ? Uni.createFrom().nullItem()
                            : Uni.createFrom().failure(GraphQlProblems.of(problem));
                });
    }

    @Query("route")
    @Description("The routing decision for a task, without running it (the 'model' pin is not applied)")
    public @NonNull RouteView route(@Name("request") @NonNull TaskSubmission request) throws GraphQLException {
        String tenant = tenant();
        TaskRequest task = taskRequest(request);
        if (task.input().image() != null && task.input().image().isUrlOnly()) {
            throw GraphQlProblems.invalid("imageUrl", "is not fetched for a dry run: send imageBase64");
        }
        try {
            return RouteView.of(tasks.route(task, tenant));
        } catch (ProblemException e) {
            throw GraphQlProblems.of(e);
        }
    }

    @Mutation("submitTask")
    @Description("Runs a task on the best expert, like POST /v1/tasks")
    public Uni<TaskResultView> submitTask(@Name("request") @NonNull TaskSubmission request) throws GraphQLException {
        String tenant = tenant();
        TaskRequest task = taskRequest(request);
        return imageUrls.resolve(task)
                .chain(resolved -> tasks.submit(resolved, tenant, blankToNull(request.model())))
                .map(TaskResultView::of)
                .onFailure(ProblemException.class).transform(failure -> GraphQlProblems.of((ProblemException) failure));
    }

    private String tenant() throws GraphQLException {
        try {
            return callerTenant.of(identity);
        } catch (ProblemException e) {
            throw GraphQlProblems.of(e);
        }
    }

    private TaskRequest taskRequest(TaskSubmission request) throws GraphQLException {
        ImageInput image = null;
        if (request.imageBase64() != null) {
            try {
                image = new ImageInput(request.imageMediaType(), Base64.getMimeDecoder().decode(request.imageBase64()));
            } catch (IllegalArgumentException e) {
                throw GraphQlProblems.invalid("imageBase64", "is not valid base64");
            }
        } else if (request.imageUrl() != null) {
            try {
                image = ImageInput.fromUrl(new URI(request.imageUrl()));
            } catch (java.net.URISyntaxException e) {
                throw GraphQlProblems.invalid("imageUrl", "is not a valid URL");
            }
        }
        Constraints constraints = new Constraints(request.maxCredits(), request.maxLatencyMs(), request.minQuality());
        Tradeoff tradeoff = request.costWeight() == null && request.latencyWeight() == null ? null
                : new Tradeoff(request.costWeight(), request.latencyWeight());
        return new TaskRequest(taskId(request.task()), new TaskInput(request.text(), image), params(request.paramsJson()),
                constraints, tradeoff, request.timeoutMs());
    }

    /** The named task, or null to let the router classify the request. */
    private static TaskId taskId(String task) throws GraphQLException {
        if (task == null) {
            return null;
        }
        if (!TaskId.isValid(task)) {
            throw GraphQlProblems.invalid("task", "'" + task + "' is not a task id (e.g. retrieval, vqa, text-to-image)");
        }
        return TaskId.of(task);
    }

    private Map<String, Object> params(String json) throws GraphQLException {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return mapper.readValue(json, PARAMS);
        } catch (JsonProcessingException e) {
            throw GraphQlProblems.invalid("paramsJson", "is not a JSON object: " + e.getOriginalMessage());
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
