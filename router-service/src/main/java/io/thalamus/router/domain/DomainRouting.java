package io.thalamus.router.domain;

import io.thalamus.api.expert.ExpertDomain;
import io.thalamus.api.registry.RegisteredExpert;
import io.thalamus.api.routing.DomainFit;
import io.thalamus.api.task.TaskId;
import io.thalamus.model.Centroids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How well a request fits each candidate's domain (RouterRetriever): the cosine of the request's sentence vector
 * to the centroid of the expert's pilot queries. Experts without a domain, or whose centroid is not ready yet, get
 * the neutral fit: the mean fit of the candidates that have one, so they neither win nor lose on domain grounds.
 * The request is embedded only when some candidate has a ready centroid.
 */
@ApplicationScoped
public class DomainRouting {

    private final boolean enabled;
    private final List<TaskId> tasks;
    private final double weight;
    private final DomainCentroids centroids;
    private final QueryEmbedder embedder;

    @Inject
    public DomainRouting(DomainConfig config, DomainCentroids centroids, DomainEncoder embedder) {
        this(config.enabled(), config.tasks(), config.weight(), centroids, embedder);
    }

    public DomainRouting(boolean enabled, List<TaskId> tasks, double weight, DomainCentroids centroids,
                         QueryEmbedder embedder) {
        this.enabled = enabled;
        this.tasks = List.copyOf(tasks);
        this.weight = weight;
        this.centroids = centroids;
        this.embedder = embedder;
    }

    /** Routing that never looks at domains. */
    public static DomainRouting off() {
        return new DomainRouting(false, List.of(), 0, null, null);
    }

    /**
     * The domain fit of each expert, by id; empty when the task is not routed by domain, the request has no text
     * or no candidate declares a domain.
     */
    public Map<String, DomainFit> fits(TaskId task, String text, List<RegisteredExpert> experts) {
        if (!enabled || !tasks.contains(task) || text == null || text.isBlank()
                || experts.stream().noneMatch(expert -> expert.descriptor().domain() != null)) {
            return Map.of();
        }
        Map<String, float[]> ready = new HashMap<>();
        for (RegisteredExpert expert : experts) {
            centroids.centroidOf(expert).ifPresent(centroid -> ready.put(expert.id(), centroid));
        }
        Map<String, Double> cosines = new HashMap<>();
        if (!ready.isEmpty()) {
            float[] query = embedder.embed(text);
            ready.forEach((id, centroid) -> cosines.put(id, Centroids.cosine(query, centroid)));
        }
        double neutral = cosines.values().stream().mapToDouble(Double::doubleValue).average().orElse(0);
        Map<String, DomainFit> fits = new HashMap<>();
        for (RegisteredExpert expert : experts) {
            ExpertDomain domain = expert.descriptor().domain();
            Double cosine = cosines.get(expert.id());
            if (cosine != null) {
                fits.put(expert.id(), new DomainFit(domain.name(), cosine, weight, DomainFit.PILOT_CENTROID));
            } else {
                fits.put(expert.id(), new DomainFit(domain == null ? null : domain.name(), neutral, weight,
                        domain == null ? DomainFit.NEUTRAL_NO_DOMAIN : DomainFit.NEUTRAL_PENDING));
            }
        }
        return fits;
    }
}
