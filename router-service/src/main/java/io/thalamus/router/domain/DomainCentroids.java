package io.thalamus.router.domain;

import io.quarkus.runtime.StartupEvent;
import io.thalamus.api.expert.ExpertDomain;
import io.thalamus.api.registry.RegisteredExpert;
import io.thalamus.model.Centroids;
import io.thalamus.registry.client.ExpertChange;
import io.thalamus.router.directory.ExpertDirectory;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The centroid of each expert's pilot queries, computed once when the expert (or a new domain of it) appears in
 * the directory, in the background, and dropped when it leaves. Nothing is trained: adding or removing an expert
 * only changes this map. A request never waits for a centroid: until it is ready the expert's fit is neutral.
 */
@ApplicationScoped
public class DomainCentroids {

    private static final Logger LOG = Logger.getLogger(DomainCentroids.class);

    /** A domain and its centroid, once computed (null while pending or when it failed). */
    private record Entry(ExpertDomain domain, CompletableFuture<float[]> centroid) {
    }

    private final ExpertDirectory directory;
    private final QueryEmbedder embedder;
    private final ExecutorService worker;
    private final Map<String, Entry> byExpert = new ConcurrentHashMap<>();

    @Inject
    public DomainCentroids(ExpertDirectory directory, DomainEncoder embedder) {
        this(directory, (QueryEmbedder) embedder);
    }

    public DomainCentroids(ExpertDirectory directory, QueryEmbedder embedder) {
        this.directory = directory;
        this.embedder = embedder;
        this.worker = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "domain-centroids");
            thread.setDaemon(true);
            return thread;
        });
    }

    void start(@Observes StartupEvent event, DomainConfig config) {
        if (config.enabled()) {
            follow();
        }
    }

    /** Follows the directory's changes and computes the centroids of the experts it already holds. */
    public void follow() {
        directory.addListener(this::changed);
        directory.all().forEach(this::centroidOf);
    }

    /** The expert's centroid if it declares a domain and the centroid is ready; otherwise starts computing it. */
    public Optional<float[]> centroidOf(RegisteredExpert expert) {
        ExpertDomain domain = expert.descriptor().domain();
        if (domain == null || domain.pilotQueries().isEmpty()) {
            return Optional.empty();
        }
        Entry entry = byExpert.compute(expert.id(), (id, held) ->
                held != null && held.domain().equals(domain) ? held : schedule(id, domain));
        CompletableFuture<float[]> centroid = entry.centroid();
        return centroid.isDone() && !centroid.isCompletedExceptionally()
                ? Optional.ofNullable(centroid.getNow(null)) : Optional.empty();
    }

    private void changed(ExpertChange change) {
        if (change.removed()) {
            byExpert.remove(change.expertId());
        } else {
            centroidOf(change.current());
        }
    }

    private Entry schedule(String expertId, ExpertDomain domain) {
        CompletableFuture<float[]> centroid = CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            List<float[]> vectors = domain.pilotQueries().stream().map(embedder::embed).toList();
            float[] result = Centroids.of(vectors);
            LOG.infof("Domain '%s' of expert %s: centroid of %d pilot queries in %d ms", domain.name(), expertId,
                    vectors.size(), (System.nanoTime() - start) / 1_000_000);
            return result;
        }, worker);
        centroid.exceptionally(failure -> {
            LOG.warnf(failure, "Cannot compute the centroid of domain '%s' of expert %s; its domain fit stays neutral",
                    domain.name(), expertId);
            return null;
        });
        return new Entry(domain, centroid);
    }

    @PreDestroy
    void close() {
        worker.shutdownNow();
    }
}
