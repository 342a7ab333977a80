package io.thalamus.api.job;

import io.thalamus.api.task.TaskId;

/** Kafka topics of asynchronous jobs. */
public final class JobTopics {

    /** Every job's result, from every expert. */
    public static final String RESULTS = "thalamus.jobs.results";

    private JobTopics() {
    }

    /** Jobs of one task, for the experts that serve it. */
    public static String requests(TaskId task) {
        return "thalamus.jobs." + task.value();
    }
}
