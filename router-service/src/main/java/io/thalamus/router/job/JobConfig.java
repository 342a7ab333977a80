package io.thalamus.router.job;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;

import java.time.Duration;
import java.util.Set;

/** Asynchronous tasks: which tasks run as jobs, how long they may take and how long results are kept. */
@ConfigMapping(prefix = "thalamus.router.jobs")
public interface JobConfig {

    /** Tasks answered with 202 and a job instead of a synchronous result. */
    @WithDefault("text-to-image")
    Set<String> asyncTasks();

    /** Deadline of a job, from submission; a job with no result by then (plus a minute) is failed. */
    @WithDefault("10m")
    Duration timeout();

    /** How long a finished job (and its result) can be read. */
    @WithDefault("24h")
    Duration retention();

    /** How often waiting jobs are published and overdue or expired ones swept. */
    @WithDefault("500ms")
    Duration relayInterval();

    @WithDefault("100")
    @Min(1)
    int relayBatch();

    @WithDefault("10s")
    Duration sendTimeout();

    @WithDefault("30s")
    Duration sweepInterval();

    /**
     * Session timeout of the router's Kafka consumers (job results, usage). A replica that crashed keeps its share of
     * the partitions this long before the others take it over; Kafka's own default of 45 s would hold results back
     * that long. The broker accepts 6 s to 5 min ({@code group.min/max.session.timeout.ms}).
     */
    @WithDefault("10s")
    Duration consumerSessionTimeout();

    /** Partitions of the job topics the router creates. */
    @WithDefault("3")
    @Min(1)
    int topicPartitions();

    @WithDefault("1")
    @Min(1)
    short topicReplicationFactor();
}
