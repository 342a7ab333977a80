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
     * ω: score points per unit of domain fit (a cosine). A query's cosine to its own domain's centroid exceeds the
     * one to an unrelated domain's by about 0.15–0.25 (SciFact claims: 0.32 vs 0.10, docs/retrieval.md), so the
     * default lets a clear domain match outweigh a quality prior difference of that size.
     */
    @WithDefault("1.0")
    double weight();
}
