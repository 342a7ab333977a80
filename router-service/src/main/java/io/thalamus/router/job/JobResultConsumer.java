package io.thalamus.router.job;

import io.smallrye.mutiny.Uni;
import io.thalamus.api.job.JobResult;
import io.thalamus.api.job.JobTopics;
import io.thalamus.router.kafka.RouterKafka;
import io.thalamus.router.kafka.TopicConsumer;
import jakarta.inject.Singleton;

/**
 * Records job results from Kafka in PostgreSQL, in the consumer group the router replicas share. A result read
 * twice is ignored the second time (a job keeps its first outcome).
 */
@Singleton
public class JobResultConsumer extends TopicConsumer<JobResult> {

    private final JobService jobs;

    public JobResultConsumer(JobService jobs, RouterKafka kafka) {
        super(kafka, JobTopics.RESULTS, "thalamus-router-jobs", JobResult.class);
        this.jobs = jobs;
    }

    @Override
    protected Uni<?> store(JobResult result) {
        return jobs.record(result);
    }
}
