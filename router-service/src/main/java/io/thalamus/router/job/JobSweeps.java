package io.thalamus.router.job;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;

/** Fails jobs whose deadline passed without a result and deletes jobs kept past their retention. */
@ApplicationScoped
public class JobSweeps {

    private static final Logger LOG = Logger.getLogger(JobSweeps.class);
    private static final int BATCH = 500;

    private final JobService jobs;
    private final JobRepository repository;

    public JobSweeps(JobService jobs, JobRepository repository) {
        this.jobs = jobs;
        this.repository = repository;
    }

    @Scheduled(every = "${thalamus.router.jobs.sweep-interval:30s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return jobs.failOverdue(BATCH)
                .chain(failed -> repository.deleteExpired(Instant.now()))
                .onFailure().invoke(failure -> LOG.warn("Sweeping jobs failed", failure))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
