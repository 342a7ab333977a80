package io.thalamus.router.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.thalamus.api.Json;
import io.thalamus.api.invoke.InvokeRequest;
import io.thalamus.api.invoke.InvokeResponse;
import io.thalamus.api.job.JobRequest;
import io.thalamus.api.job.JobResult;
import io.thalamus.api.job.JobTopics;
import io.thalamus.api.expert.NodeInfo;
import io.thalamus.api.registry.RegisteredExpert;
import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;
import io.thalamus.api.routing.RoutingDecision;
import io.thalamus.api.routing.TaskResponse;
import io.thalamus.api.routing.TaskStatus;
import io.thalamus.api.task.TaskId;
import io.thalamus.api.usage.UsageEvent;
import io.thalamus.router.quota.Budget;
import io.thalamus.router.quota.QuotaGate;
import io.thalamus.router.quota.Reservation;
import io.thalamus.router.usage.UsageRecorder;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Asynchronous tasks: stores the job (the relay hands it to the chosen expert through Kafka), answers status
 * queries, and records results as they come back; the replica that records a job's outcome settles its budget
 * reservation and records its usage.
 */
@ApplicationScoped
public class JobService {

    private final JobRepository jobs;
    private final JobConfig config;
    private final JobRelay relay;
    private final QuotaGate quotas;
    private final UsageRecorder usage;
    private final ObjectMapper json = Json.newMapper();

    public JobService(JobRepository jobs, JobConfig config, JobRelay relay, QuotaGate quotas, UsageRecorder usage) {
        this.jobs = jobs;
        this.config = config;
        this.relay = relay;
        this.quotas = quotas;
        this.usage = usage;
    }

    public boolean isAsync(TaskId task) {
        return config.asyncTasks().contains(task.value());
    }

    /** Whether the expert says it takes jobs from the job topics. */
    public static boolean takesJobs(RegisteredExpert expert) {
        NodeInfo node = expert.descriptor().node();
        return node != null && "true".equals(node.labels().get(JobTopics.TAKES_JOBS_LABEL));
    }

    /**
     * Stores a job for the chosen expert and answers QUEUED at once.
     *
     * @param invoke      the work, whose request id is the job id; its deadline is replaced by the job deadline
     * @param reservation the job's hold on its tenant's budgets, settled when its outcome is recorded
     */
    public Uni<TaskResponse> submit(InvokeRequest invoke, String expertId, RoutingDecision routing,
                                    Reservation reservation) {
        Instant now = Instant.now();
        Instant deadline = now.plus(config.timeout());
        UUID id = UUID.fromString(invoke.requestId());
        InvokeRequest work = new InvokeRequest(invoke.requestId(), invoke.tenant(), invoke.task(), invoke.input(),
                invoke.params(), deadline);
        JobRecord job = new JobRecord(id, invoke.tenant(), invoke.task().value(), expertId, TaskStatus.QUEUED,
                write(new JobRequest(invoke.requestId(), expertId, work)), write(routing), null, null, now, null,
                write(reservation));
        return jobs.insert(job, deadline, deadline.plus(config.retention()))
                .invoke(relay::wakeUp)
                .replaceWith(new TaskResponse(invoke.requestId(), TaskStatus.QUEUED, null, null, null, 0, routing,
                        null));
    }

    /** The job of the given id as its tenant sees it; 404 for unknown ids and other tenants' jobs alike. */
    public Uni<TaskResponse> get(String id, String tenant) {
        UUID uuid = parse(id);
        return jobs.findForTenant(uuid, tenant).map(job -> {
            if (job == null) {
                throw notFound(id);
            }
            return toResponse(job);
        });
    }

    /** Records an expert's result; a second result for the same job is ignored. */
    public Uni<Void> record(JobResult result) {
        UUID id;
        try {
            id = UUID.fromString(result.jobId());
        } catch (IllegalArgumentException | NullPointerException e) {
            return Uni.createFrom().voidItem();
        }
        Instant finished = result.finishedAt() == null ? Instant.now() : result.finishedAt();
        return jobs.finish(id, result.succeeded() ? TaskStatus.SUCCEEDED : TaskStatus.FAILED,
                        result.response() == null ? null : write(result.response()),
                        result.error() == null ? null : write(result.error()), finished,
                        finished.plus(config.retention()))
                .chain(job -> job == null ? Uni.createFrom().voidItem() : charge(job, result.response()));
    }

    /** Settles a finished job's reservation with what it used (a failed job is refunded) and records its usage. */
    private Uni<Void> charge(JobRecord job, InvokeResponse response) {
        Reservation reservation = job.reservation() == null ? Reservation.NONE
                : read(job.reservation(), Reservation.class);
        boolean succeeded = job.state() == TaskStatus.SUCCEEDED && response != null;
        Budget used = succeeded ? Budget.of(response.usage()) : Budget.ZERO;
        usage.record(new UsageEvent(job.id().toString(), job.tenant(), job.task(), job.expertId(),
                succeeded ? UsageEvent.Outcome.SUCCEEDED : UsageEvent.Outcome.FAILED, used.credits(),
                used.gpuMillis(), Duration.between(job.createdAt(), job.finishedAt()).toMillis(), job.finishedAt()));
        return succeeded ? quotas.settle(reservation, used) : quotas.refund(reservation);
    }

    /** Fails jobs that got no result within their deadline plus a grace minute. */
    public Uni<Integer> failOverdue(int limit) {
        Instant now = Instant.now();
        Problem overdue = Problem.of(ProblemType.DEADLINE_EXCEEDED,
                "No result arrived within the job deadline of " + config.timeout());
        return jobs.overdue(now.minus(Duration.ofMinutes(1)), limit)
                .onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUniAndConcatenate(id -> jobs.finish(id, TaskStatus.FAILED, null,
                                write(overdue), now, now.plus(config.retention()))
                        .call(job -> job == null ? Uni.createFrom().voidItem() : charge(job, null))
                        .map(job -> job != null))
                .filter(Boolean::booleanValue)
                .collect().asList()
                .map(List::size);
    }

    private TaskResponse toResponse(JobRecord job) {
        InvokeResponse response = job.result() == null ? null : read(job.result(), InvokeResponse.class);
        Problem error = job.error() == null ? null : read(job.error(), Problem.class);
        long latencyMs = job.finishedAt() == null ? 0 : Duration.between(job.createdAt(), job.finishedAt()).toMillis();
        return new TaskResponse(job.id().toString(), job.state(),
                response == null ? null : response.output(), response == null ? null : response.modelId(),
                response == null ? null : response.usage(), latencyMs, read(job.routing(), RoutingDecision.class),
                error);
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound(id);
        }
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(Problem.of(ProblemType.NOT_FOUND, "No task with id '" + id + "'"));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
