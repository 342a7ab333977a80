package io.thalamus.router.task;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Uni;
import io.thalamus.api.invoke.InvokeRequest;
import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;
import io.thalamus.api.retrieval.RetrievalParams;
import io.thalamus.api.routing.RoutingDecision;
import io.thalamus.api.routing.TaskRequest;
import io.thalamus.api.routing.TaskResponse;
import io.thalamus.api.routing.TaskStatus;
import io.thalamus.router.collection.CollectionHosts;
import io.thalamus.router.dispatch.Dispatched;
import io.thalamus.router.dispatch.Dispatcher;
import io.thalamus.router.feedback.ServedTask;
import io.thalamus.router.feedback.ServedTasks;
import io.thalamus.router.job.JobService;
import io.thalamus.router.quality.QuestionQuality;
import io.thalamus.api.usage.UsageEvent;
import io.thalamus.router.quota.Budget;
import io.thalamus.router.quota.QuotaGate;
import io.thalamus.router.quota.Reservation;
import io.thalamus.router.selection.Candidate;
import io.thalamus.router.selection.ExpertSelector;
import io.thalamus.router.selection.ResolvedTask;
import io.thalamus.router.selection.RoutingExplanation;
import io.thalamus.router.selection.Selection;
import io.thalamus.router.usage.UsageRecorder;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Serves a task request: validate, resolve the task, admit it against the tenant's request quotas, select experts,
 * reserve the best one's expected cost in the tenant's daily budgets, dispatch, settle the reservation with the
 * actual usage (refund on failure), record the usage, remember who served it (for feedback), explain.
 * {@link #route} stops before dispatch.
 */
@ApplicationScoped
public class TaskService {

    private final TaskRequestValidator validator;
    private final ExpertSelector selector;
    private final Dispatcher dispatcher;
    private final ServedTasks servedTasks;
    private final TaskLimits limits;
    private final JobService jobs;
    private final TaskResolver resolver;
    private final CollectionHosts collectionHosts;
    private final QuotaGate quotas;
    private final UsageRecorder usage;
    private final QuestionQuality questionQuality;

    public TaskService(TaskRequestValidator validator, ExpertSelector selector, Dispatcher dispatcher,
                       ServedTasks servedTasks, TaskLimits limits, JobService jobs, TaskResolver resolver,
                       CollectionHosts collectionHosts, QuotaGate quotas, UsageRecorder usage,
                       QuestionQuality questionQuality) {
        this.questionQuality = questionQuality;
        this.validator = validator;
        this.usage = usage;
        this.quotas = quotas;
        this.collectionHosts = collectionHosts;
        this.resolver = resolver;
        this.selector = selector;
        this.dispatcher = dispatcher;
        this.servedTasks = servedTasks;
        this.limits = limits;
        this.jobs = jobs;
    }

    public Uni<TaskResponse> submit(TaskRequest request, String tenant) {
        return submit(request, tenant, null);
    }

    public Uni<TaskResponse> submit(TaskRequest request, String tenant, String pinned) {
        return submit(request, tenant, pinned, false);
    }

    /**
     * @param pinned       an expert id or model id the request must go to, or null to let the router choose
     * @param preferAsync  the caller prefers a job (202) to waiting; honoured when the chosen expert takes jobs.
     *                     Tasks configured as asynchronous always run as jobs.
     */
    @WithSpan("TaskService.submit")
    public Uni<TaskResponse> submit(TaskRequest request, String tenant, String pinned, boolean preferAsync) {
        validator.validate(request);
        ResolvedTask task = resolver.resolve(request, tenant);
        // admitted against the tenant's quotas; the concurrency slot is given back however the request ends
        return quotas.admit(tenant, task.task().value()).chain(permit -> Uni.createFrom()
                .deferred(() -> execute(request, tenant, pinned, preferAsync, task))
                .onTermination().call(permit::release));
    }

    private Uni<TaskResponse> execute(TaskRequest request, String tenant, String pinned, boolean preferAsync,
                                      ResolvedTask task) {
        Selection selection = select(request, task, pinned);
        String taskId = UUID.randomUUID().toString();
        int timeoutMs = request.timeoutMs() == null ? limits.defaultTimeoutMs() : request.timeoutMs();
        Instant started = Instant.now();
        InvokeRequest invoke = new InvokeRequest(taskId, tenant, task.task(), request.input(), request.params(),
                started.plusMillis(timeoutMs));
        Candidate best = selection.ranked().get(0);
        Budget expected = Budget.of(best.terms().credits(), Math.round(best.terms().expectedLatencyMs()));
        return quotas.reserve(tenant, task.task().value(), expected).chain(reservation -> {
            if (jobs.isAsync(task.task()) || preferAsync && JobService.takesJobs(best.expert())) {
                servedTasks.remember(new ServedTask(taskId, tenant, best.expertId(), task.task(), started,
                        question(task, request), null));
                return jobs.submit(invoke, best.expertId(), RoutingExplanation.beforeDispatch(task, selection),
                                reservation)
                        .onFailure().call(() -> quotas.refund(reservation));
            }
            return dispatcher.dispatch(invoke, selection.ranked())
                    .onItem().call(dispatched -> charge(invoke, dispatched, reservation, started))
                    .onFailure().call(failure -> refund(invoke, reservation, started))
                    .map(dispatched -> answer(taskId, tenant, task, selection, dispatched, started,
                            question(task, request)));
        });
    }

    private Uni<Void> charge(InvokeRequest invoke, Dispatched dispatched, Reservation reservation, Instant started) {
        Budget used = Budget.of(dispatched.response().usage());
        usage.record(new UsageEvent(invoke.requestId(), invoke.tenant(), invoke.task().value(),
                dispatched.servedBy().expertId(), UsageEvent.Outcome.SUCCEEDED, used.credits(), used.gpuMillis(),
                Duration.between(started, Instant.now()).toMillis(), Instant.now()));
        return quotas.settle(reservation, used);
    }

    private Uni<Void> refund(InvokeRequest invoke, Reservation reservation, Instant started) {
        usage.record(new UsageEvent(invoke.requestId(), invoke.tenant(), invoke.task().value(), null,
                UsageEvent.Outcome.FAILED, 0, 0, Duration.between(started, Instant.now()).toMillis(), Instant.now()));
        return quotas.refund(reservation);
    }

    /** The routing decision for a request, without executing it (dry run). */
    @WithSpan("TaskService.route")
    public RoutingDecision route(TaskRequest request, String tenant) {
        validator.validate(request);
        ResolvedTask task = resolver.resolve(request, tenant);
        return RoutingExplanation.beforeDispatch(task, select(request, task, null));
    }

    private Selection select(TaskRequest request, ResolvedTask task, String pinned) {
        Selection selection = selector.select(task.task(), request.input().modalities(), request.constraints(),
                request.tradeoff(), request.input().text());
        if (pinned != null) {
            selection = selection.pinnedTo(pinned);
        }
        if (request.params().containsKey(RetrievalParams.COLLECTION)) {
            // a tenant's collection lives on one expert: the one the collection API writes to
            String host = collectionHosts.host().id();
            selection = selection.restrictedTo(candidate -> candidate.expertId().equals(host),
                    "does not hold the tenants' collections");
        }
        if (selection.isEmpty()) {
            throw new ProblemException(Problem.of(ProblemType.NO_EXPERT,
                            "No registered expert can serve task '" + task.task() + "' under these constraints")
                    .with("excluded", selection.excluded()));
        }
        return selection;
    }

    /** The request text, kept with the served task when its experts are judged question by question. */
    private String question(ResolvedTask task, TaskRequest request) {
        return questionQuality.judges(task.task()) ? request.input().text() : null;
    }

    private TaskResponse answer(String taskId, String tenant, ResolvedTask task, Selection selection,
                                Dispatched dispatched, Instant started, String question) {
        servedTasks.remember(new ServedTask(taskId, tenant, dispatched.servedBy().expertId(), task.task(),
                Instant.now(), question, null));
        RoutingDecision routing = RoutingExplanation.afterDispatch(task, selection, dispatched.servedBy(),
                dispatched.attempts(), dispatched.passedOver());
        return new TaskResponse(taskId, TaskStatus.SUCCEEDED, dispatched.response().output(),
                dispatched.response().modelId(), dispatched.response().usage(),
                Duration.between(started, Instant.now()).toMillis(), routing, null);
    }
}
