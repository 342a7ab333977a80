package io.thalamus.router.task;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;
import io.thalamus.api.task.TaskId;

import java.util.Map;

/**
 * Per-tenant default tasks: {@code thalamus.router.default-task.<tenant>=retrieval} is applied when a request names
 * no task and the classifier is not confident.
 */
@ConfigMapping(prefix = "thalamus.router.default-task")
public interface TaskDefaults {

    @WithParentName
    Map<String, TaskId> byTenant();

    default TaskId defaultTask(String tenant) {
        return byTenant().get(tenant);
    }
}
