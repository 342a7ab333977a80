package io.thalamus.registry.client;

import io.thalamus.api.registry.ExpertEvent;
import io.thalamus.api.registry.ExpertState;
import io.thalamus.api.registry.RegisteredExpert;
import io.thalamus.api.registry.RegistrySnapshot;
import io.thalamus.api.task.TaskId;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-memory, versioned copy of the registry for routing decisions. A change is applied only when its version is
 * newer than what the table holds for that expert, so duplicated or reordered events never make it go back; a
 * removed expert leaves its last version behind so an older event cannot bring it back.
 *
 * <p>Thread-safe: one writer at a time (normally a {@link RegistryFollower}), any number of readers, who never
 * block and see each expert either before or after a change.
 */
public final class RoutingTable {

    private static final System.Logger LOG = System.getLogger(RoutingTable.class.getName());
    private static final Comparator<RegisteredExpert> BY_ID = Comparator.comparing(RegisteredExpert::id);

    private final Map<String, RegisteredExpert> experts = new ConcurrentHashMap<>();
    private final Map<String, Long> removedVersions = new ConcurrentHashMap<>();
    private final Map<TaskId, Map<String, RegisteredExpert>> byTask = new ConcurrentHashMap<>();
    private final List<RoutingTableListener> listeners = new CopyOnWriteArrayList<>();
    private final Object writes = new Object();
    private volatile long position;
    private volatile long changes;

    /** Applies an event that carries no outbox position. */
    public boolean apply(ExpertEvent event) {
        return apply(event, 0, null);
    }

    /**
     * Applies an event if it is newer than what the table holds for its expert.
     *
     * @param eventPosition the event's outbox position, or 0 when unknown
     * @param traceParent   the W3C trace context it was published with, passed on to listeners; may be null
     * @return whether the table changed
     */
    public boolean apply(ExpertEvent event, long eventPosition, String traceParent) {
        synchronized (writes) {
            if (eventPosition > position) {
                position = eventPosition;
            }
            if (event.version() <= heldVersion(event.expertId())) {
                return false;
            }
            boolean removal = event.type() == ExpertEvent.Type.REMOVED
                    || event.expert() != null && event.expert().state() == ExpertState.GONE;
            if (removal) {
                remove(event.expertId(), event.version(), traceParent);
                return true;
            }
            if (event.expert() == null || !event.expertId().equals(event.expert().id())) {
                LOG.log(System.Logger.Level.WARNING, "Ignoring an event for expert {0} that carries no matching "
                        + "registration (version {1})", event.expertId(), event.version());
                return false;
            }
            put(event.expert(), traceParent);
            return true;
        }
    }

    /**
     * Brings the table to a registry snapshot: newer registrations replace older ones, experts the snapshot no
     * longer lists are removed. Returns how many experts changed.
     */
    public int load(RegistrySnapshot snapshot) {
        synchronized (writes) {
            int changed = 0;
            Set<String> listed = new HashSet<>();
            for (RegisteredExpert expert : snapshot.experts()) {
                listed.add(expert.id());
                if (expert.version() > heldVersion(expert.id())) {
                    if (expert.state() == ExpertState.GONE) {
                        remove(expert.id(), expert.version(), null);
                    } else {
                        put(expert, null);
                    }
                    changed++;
                }
            }
            for (RegisteredExpert held : List.copyOf(experts.values())) {
                if (!listed.contains(held.id())) {
                    remove(held.id(), held.version(), null);
                    changed++;
                }
            }
            if (snapshot.position() > position) {
                position = snapshot.position();
            }
            return changed;
        }
    }

    public Optional<RegisteredExpert> get(String expertId) {
        return Optional.ofNullable(experts.get(expertId));
    }

    /** The newest version the table knows of for the expert (also after its removal), or 0. */
    public long versionOf(String expertId) {
        synchronized (writes) {
            return heldVersion(expertId);
        }
    }

    /** Every expert the table holds (none is GONE), by id. */
    public List<RegisteredExpert> all() {
        return experts.values().stream().sorted(BY_ID).toList();
    }

    /** Experts registered for the task in any state but GONE, by id. */
    public List<RegisteredExpert> expertsFor(TaskId task) {
        Map<String, RegisteredExpert> forTask = byTask.get(task);
        return forTask == null ? List.of() : forTask.values().stream().sorted(BY_ID).toList();
    }

    /** Experts registered for the task that may take new work now (READY), by id. */
    public List<RegisteredExpert> routableFor(TaskId task) {
        return expertsFor(task).stream().filter(expert -> expert.state().routable()).toList();
    }

    public int size() {
        return experts.size();
    }

    /** The highest outbox position the table reflects (from a snapshot or an event). */
    public long position() {
        return position;
    }

    /** How many changes the table applied since it was created; grows with every change. */
    public long changes() {
        return changes;
    }

    public void addListener(RoutingTableListener listener) {
        listeners.add(listener);
    }

    public void removeListener(RoutingTableListener listener) {
        listeners.remove(listener);
    }

    private long heldVersion(String expertId) {
        RegisteredExpert held = experts.get(expertId);
        if (held != null) {
            return held.version();
        }
        return removedVersions.getOrDefault(expertId, 0L);
    }

    private void put(RegisteredExpert expert, String traceParent) {
        RegisteredExpert previous = experts.put(expert.id(), expert);
        removedVersions.remove(expert.id());
        if (previous != null) {
            for (TaskId task : tasksOf(previous)) {
                if (!tasksOf(expert).contains(task)) {
                    dropFromTask(task, expert.id());
                }
            }
        }
        for (TaskId task : tasksOf(expert)) {
            byTask.computeIfAbsent(task, ignored -> new ConcurrentHashMap<>()).put(expert.id(), expert);
        }
        changed(new ExpertChange(expert.id(), previous, expert, traceParent));
    }

    private void remove(String expertId, long version, String traceParent) {
        RegisteredExpert previous = experts.remove(expertId);
        removedVersions.put(expertId, version);
        if (previous == null) {
            return;
        }
        for (TaskId task : tasksOf(previous)) {
            dropFromTask(task, expertId);
        }
        changed(new ExpertChange(expertId, previous, null, traceParent));
    }

    private void dropFromTask(TaskId task, String expertId) {
        byTask.computeIfPresent(task, (ignored, forTask) -> {
            forTask.remove(expertId);
            return forTask.isEmpty() ? null : forTask;
        });
    }

    private static List<TaskId> tasksOf(RegisteredExpert expert) {
        List<TaskId> tasks = expert.descriptor() == null ? null : expert.descriptor().tasks();
        return tasks == null ? List.of() : tasks;
    }

    private void changed(ExpertChange change) {
        changes++;
        for (RoutingTableListener listener : listeners) {
            try {
                listener.changed(change);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "A routing table listener failed on the change of expert "
                        + change.expertId(), e);
            }
        }
    }
}
