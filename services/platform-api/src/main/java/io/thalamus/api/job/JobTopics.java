package io.thalamus.api.job;

import io.thalamus.api.task.TaskId;

/** Kafka topics of asynchronous jobs. */
public final class JobTopics {

    /** Every job's result, from every expert. */
    public static final String RESULTS = "thalamus.jobs.results";

    /** Node label ({@code "true"}) of experts that take jobs from these topics. */
    public static final String TAKES_JOBS_LABEL = "thalamus.dev/jobs";

    private JobTopics() {
    }

    /** Jobs of one task, for the experts that serve it. */
    public static String requests(TaskId task) {
        return "thalamus.jobs." + task.value();
    }
}
