package io.thalamus.router.domain;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.thalamus.api.task.TaskId;

import java.util.List;

/** Routing among experts of one task by the domain they declare (RouterRetriever: pilot-query centroids). */
@ConfigMapping(prefix = "thalamus.router.domain")
public interface DomainConfig {

    /** Whether domain fit counts in the selection score at all. */
    @WithDefault("true")
    boolean enabled();

    /** Tasks whose requests are routed by domain fit. */
    @WithDefault("retrieval")
    List<TaskId> tasks();

    /**
     * ω: score points per unit of domain fit (a cosine). Between a query of one domain and the centroids of two
     * domains the cosines typically differ by 0.2–0.5 (docs/retrieval.md), so the default lets a clear domain
     * match outweigh a quality prior difference of about 0.2–0.5.
     */
    @WithDefault("1.0")
    double weight();
}
