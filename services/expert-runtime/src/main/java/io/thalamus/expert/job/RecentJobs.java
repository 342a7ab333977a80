package io.thalamus.expert.job;

import java.util.LinkedHashMap;
import java.util.Map;

/** The ids of the most recently finished jobs, up to a fixed number. Used by one thread. */
final class RecentJobs {

    private final Map<String, Boolean> ids;

    RecentJobs(int capacity) {
        this.ids = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    boolean contains(String jobId) {
        return ids.containsKey(jobId);
    }

    void add(String jobId) {
        ids.put(jobId, Boolean.TRUE);
    }
}
