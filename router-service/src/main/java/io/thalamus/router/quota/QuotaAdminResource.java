package io.thalamus.router.quota;

import io.smallrye.mutiny.Uni;
import io.thalamus.api.problem.FieldError;
import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;
import io.thalamus.api.task.TaskId;
import io.thalamus.router.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.List;

/** Operators define tenants' quotas: tenant-wide, and per task. Changes reach every replica within the cache TTL. */
@Path("/v1/admin/quotas/{tenant}")
@Tag(name = "quotas")
@RolesAllowed(Roles.PLATFORM_ADMIN)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class QuotaAdminResource {

    private final QuotaRepository repository;
    private final QuotaDefinitions definitions;

    public QuotaAdminResource(QuotaRepository repository, QuotaDefinitions definitions) {
        this.repository = repository;
        this.definitions = definitions;
    }

    @GET
    @Operation(summary = "A tenant's effective quotas: its own definition over the defaults, and its per-task limits")
    public Uni<TenantQuotas> get(@PathParam("tenant") String tenant) {
        return repository.find(tenant).map(rows -> definitions.effective(tenant, rows));
    }

    @PUT
    @Operation(summary = "Set a tenant's tenant-wide limits; a measure left out (null) takes the configured default")
    public Uni<TenantQuotas> put(@PathParam("tenant") String tenant, QuotaLimits limits) {
        return save(tenant, QuotaScope.ALL_TASKS, limits);
    }

    @PUT
    @Path("/tasks/{task}")
    @Operation(summary = "Set a tenant's limits for one task, counted on top of its tenant-wide limits; "
            + "a measure left out is not limited per task")
    public Uni<TenantQuotas> putTask(@PathParam("tenant") String tenant, @PathParam("task") String task,
                                     QuotaLimits limits) {
        if (!TaskId.isValid(task)) {
            throw new ProblemException(Problem.invalid("Invalid task id",
                    List.of(new FieldError("task", "is not a valid task id"))));
        }
        return save(tenant, task, limits);
    }

    @DELETE
    @Operation(summary = "Remove a tenant's tenant-wide definition (the defaults apply again)")
    public Uni<TenantQuotas> delete(@PathParam("tenant") String tenant) {
        return remove(tenant, QuotaScope.ALL_TASKS);
    }

    @DELETE
    @Path("/tasks/{task}")
    @Operation(summary = "Remove a tenant's limits for one task")
    public Uni<TenantQuotas> deleteTask(@PathParam("tenant") String tenant, @PathParam("task") String task) {
        return remove(tenant, task);
    }

    private Uni<TenantQuotas> save(String tenant, String task, QuotaLimits limits) {
        validate(limits);
        return repository.put(tenant, task, limits).chain(() -> changed(tenant));
    }

    private Uni<TenantQuotas> remove(String tenant, String task) {
        return repository.delete(tenant, task).chain(deleted -> {
            if (!deleted) {
                throw new ProblemException(ProblemType.NOT_FOUND, "Tenant '" + tenant + "' has no quota definition"
                        + (QuotaScope.ALL_TASKS.equals(task) ? "" : " for task '" + task + "'"));
            }
            return changed(tenant);
        });
    }

    private Uni<TenantQuotas> changed(String tenant) {
        definitions.forget(tenant);
        return get(tenant);
    }

    private static void validate(QuotaLimits limits) {
        if (limits == null) {
            throw new ProblemException(Problem.invalid("A body with the limits is required", List.of()));
        }
        List<FieldError> errors = new ArrayList<>();
        negative(errors, "requestsPerMinute", limits.requestsPerMinute());
        negative(errors, "concurrentRequests", limits.concurrentRequests());
        negative(errors, "dailyCredits", limits.dailyCredits());
        negative(errors, "dailyGpuSeconds", limits.dailyGpuSeconds());
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid(errors.size() + " invalid field(s)", errors));
        }
    }

    private static void negative(List<FieldError> errors, String field, Number value) {
        if (value != null && value.longValue() < 0) {
            errors.add(new FieldError(field, "must be 0 or more (leave it out for no limit)"));
        }
    }
}
