package io.thalamus.router.directory;

import io.thalamus.api.registry.RegisteredExpert;
import io.thalamus.api.task.TaskId;
import io.thalamus.registry.client.RoutingTableListener;

import java.util.List;

/** The router's in-memory view of registered experts; never calls the registry on the request path. */
public interface ExpertDirectory {

    List<RegisteredExpert> expertsFor(TaskId task);

    List<RegisteredExpert> all();

    /** Tells {@code listener} of every later change, on the thread that applied it; keep it quick. */
    default void addListener(RoutingTableListener listener) {
    }
}
