package io.thalamus.router.feedback;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Remembers which expert served each task for a while, so feedback can reach the right expert. Bounded: entries
 * older than {@code retention} are dropped, and beyond {@code maxTasks} the oldest go first. In memory, per router
 * replica: feedback has to reach the replica that served the task (or it answers 404).
 */
@ApplicationScoped
public class ServedTasks {

    // Insertion order is serving order, so the oldest entries are always at the head.
    private final LinkedHashMap<String, ServedTask> tasks = new LinkedHashMap<>();
    private final Duration retention;
    private final int maxTasks;
    private final Clock clock;

    @Inject
    public ServedTasks(FeedbackConfig config) {
        this(config.retention(), config.maxTasks(), Clock.systemUTC());
    }

    public ServedTasks(Duration retention, int maxTasks, Clock clock) {
        if (maxTasks < 1) {
            throw new IllegalArgumentException("maxTasks must be at least 1, was " + maxTasks);
        }
        this.retention = retention;
        this.maxTasks = maxTasks;
        this.clock = clock;
    }

    public synchronized void remember(ServedTask task) {
        tasks.remove(task.taskId());
        tasks.put(task.taskId(), task);
        evict();
    }

    public synchronized Optional<ServedTask> find(String taskId) {
        evict();
        return Optional.ofNullable(tasks.get(taskId));
    }

    /** Replaces a remembered task with what {@code change} makes of it; empty when the task is not remembered. */
    public synchronized Optional<ServedTask> update(String taskId, UnaryOperator<ServedTask> change) {
        evict();
        ServedTask held = tasks.get(taskId);
        if (held == null) {
            return Optional.empty();
        }
        ServedTask changed = change.apply(held);
        tasks.put(taskId, changed); // replacing a value keeps the insertion position
        return Optional.of(changed);
    }

    public synchronized int size() {
        evict();
        return tasks.size();
    }

    public Duration retention() {
        return retention;
    }

    private void evict() {
        Instant oldest = clock.instant().minus(retention);
        Iterator<Map.Entry<String, ServedTask>> it = tasks.entrySet().iterator();
        while (it.hasNext()) {
            ServedTask head = it.next().getValue();
            if (tasks.size() > maxTasks || head.servedAt().isBefore(oldest)) {
                it.remove();
            } else {
                break;
            }
        }
    }
}
