package io.thalamus.router.quota;

import io.smallrye.mutiny.Uni;
import io.thalamus.api.problem.FieldError;
import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;
import io.thalamus.api.task.TaskId;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads and changes tenants' quota definitions (REST, GraphQL and tenant creation use it). Changes reach this
 * replica at once and the others within the definitions' cache TTL.
 */
@ApplicationScoped
public class QuotaAdministration {

    private final QuotaRepository repository;
    private final QuotaDefinitions definitions;

    public QuotaAdministration(QuotaRepository repository, QuotaDefinitions definitions) {
        this.repository = repository;
        this.definitions = definitions;
    }

    /** A tenant's effective quotas: its own definition over the defaults, and its per-task limits. */
    public Uni<TenantQuotas> get(String tenant) {
        return repository.find(tenant).map(rows -> definitions.effective(tenant, rows));
    }

    /** Sets the limits of a tenant ({@link QuotaScope#ALL_TASKS}) or of one of its tasks. */
    public Uni<TenantQuotas> set(String tenant, String task, QuotaLimits limits) {
        if (!QuotaScope.ALL_TASKS.equals(task) && !TaskId.isValid(task)) {
            throw new ProblemException(Problem.invalid("Invalid task id",
                    List.of(new FieldError("task", "is not a valid task id"))));
        }
        validate(limits);
        return repository.put(tenant, task, limits).chain(() -> changed(tenant));
    }

    /** Removes a tenant's definition ({@link QuotaScope#ALL_TASKS}) or its limits of one task; 404 if none. */
    public Uni<TenantQuotas> remove(String tenant, String task) {
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
