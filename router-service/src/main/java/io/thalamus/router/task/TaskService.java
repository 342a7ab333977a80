package io.thalamus.router.task;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Uni;
import io.thalamus.api.invoke.InvokeRequest;
import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;
import io.thalamus.api.routing.Alternative;
import io.thalamus.api.routing.RoutingDecision;
import io.thalamus.api.routing.TaskRequest;
import io.thalamus.api.routing.TaskResponse;
import io.thalamus.api.routing.TaskStatus;
import io.thalamus.router.dispatch.Dispatched;
import io.thalamus.router.dispatch.Dispatcher;
import io.thalamus.router.selection.Candidate;
import io.thalamus.router.selection.ExpertSelector;
import io.thalamus.router.selection.Selection;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Validates a request, chooses an expert, dispatches, and explains the decision. */
@ApplicationScoped
public class TaskService {

    private final TaskRequestValidator validator;
    private final ExpertSelector selector;
    private final Dispatcher dispatcher;
    private final TaskLimits limits;

    public TaskService(TaskRequestValidator validator, ExpertSelector selector, Dispatcher dispatcher,
                       TaskLimits limits) {
        this.validator = validator;
        this.selector = selector;
        this.dispatcher = dispatcher;
        this.limits = limits;
    }

    @WithSpan("TaskService.submit")
    public Uni<TaskResponse> submit(TaskRequest request, String tenant) {
        validator.validate(request);
        Selection selection = selector.select(request.task(), request.input().modalities(),
                request.constraints(), request.tradeoff());
        if (selection.isEmpty()) {
            throw new ProblemException(Problem.of(ProblemType.NO_EXPERT,
                            "No registered expert can serve task '" + request.task() + "' under these constraints")
                    .with("excluded", selection.excluded()));
        }
        String requestId = UUID.randomUUID().toString();
        int timeoutMs = request.timeoutMs() == null ? limits.defaultTimeoutMs() : request.timeoutMs();
        Instant started = Instant.now();
        InvokeRequest invoke = new InvokeRequest(requestId, tenant, request.task(), request.input(),
                request.params(), started.plusMillis(timeoutMs));
        return dispatcher.dispatch(invoke, selection.ranked())
                .map(dispatched -> new TaskResponse(requestId, TaskStatus.SUCCEEDED,
                        dispatched.response().output(), dispatched.response().modelId(), dispatched.response().usage(),
                        java.time.Duration.between(started, Instant.now()).toMillis(),
                        decision(request, selection, dispatched), null));
    }

    private static RoutingDecision decision(TaskRequest request, Selection selection, Dispatched dispatched) {
        Candidate chosen = dispatched.servedBy();
        List<Alternative> alternatives = new ArrayList<>();
        for (Candidate candidate : selection.ranked()) {
            if (!candidate.expertId().equals(chosen.expertId())) {
                String reason = dispatched.attempts().contains(candidate.expertId())
                        ? "failed during dispatch" : "lower score";
                alternatives.add(new Alternative(candidate.expertId(), candidate.terms(), reason));
            }
        }
        alternatives.addAll(selection.excluded());
        return new RoutingDecision(request.task(), "explicit", 1.0, Map.of(), chosen.expertId(), chosen.terms(),
                alternatives, dispatched.attempts());
    }
}
