package io.thalamus.expert.config;

import io.quarkus.runtime.Startup;
import io.thalamus.api.expert.Capacity;
import io.thalamus.api.expert.CostModel;
import io.thalamus.api.expert.ExpertDescriptor;
import io.thalamus.api.expert.ExpertDomain;
import io.thalamus.api.expert.LatencyProfile;
import io.thalamus.api.expert.NodeInfo;
import io.thalamus.api.expert.Protocol;
import io.thalamus.api.expert.QualityPrior;
import io.thalamus.api.job.JobTopics;
import io.thalamus.api.task.Modality;
import io.thalamus.api.task.TaskId;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds the descriptor this expert registers with, once, from {@link ExpertConfig}. Checks the rules that span
 * several keys at start-up, so a misconfigured expert fails to start instead of registering nonsense.
 */
@Startup
@ApplicationScoped
public class ExpertDescriptorFactory {

    private final ExpertDescriptor descriptor;
    private final int batchSize;

    public ExpertDescriptorFactory(ExpertConfig config) {
        List<String> errors = new ArrayList<>();
        List<TaskId> tasks = List.copyOf(config.tasks());
        Map<String, QualityPrior> quality = new TreeMap<>();
        config.quality().forEach((task, prior) -> {
            if (tasks.stream().noneMatch(t -> t.value().equals(task))) {
                errors.add("thalamus.expert.quality." + task + ": '" + task
                        + "' is not one of thalamus.expert.tasks " + tasks);
            }
            quality.put(task, new QualityPrior(prior.score(), prior.source().orElse(null)));
        });
        if (config.latency().p95Ms() < config.latency().p50Ms()) {
            errors.add("thalamus.expert.latency.p95-ms (" + config.latency().p95Ms()
                    + ") must not be below thalamus.expert.latency.p50-ms (" + config.latency().p50Ms() + ")");
        }
        String scheme = config.endpoint().getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || config.endpoint().getHost() == null) {
            errors.add("thalamus.expert.endpoint must be an absolute http(s) URL, got '" + config.endpoint() + "'");
        }
        config.registry().url().ifPresent(url -> {
            if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
                errors.add("thalamus.expert.registry.url must be an absolute http(s) URL, got '" + url + "'");
            }
        });
        ExpertConfig.Registry.Retry retry = config.registry().retry();
        if (retry.initialBackoff().isNegative() || retry.initialBackoff().isZero()
                || retry.maxBackoff().compareTo(retry.initialBackoff()) < 0) {
            errors.add("thalamus.expert.registry.retry: initial-backoff must be positive and max-backoff at least as long");
        }
        if (config.registry().heartbeatInterval().isNegative() || config.registry().heartbeatInterval().isZero()) {
            errors.add("thalamus.expert.registry.heartbeat-interval must be positive");
        }
        if (config.batch().maxWait().isNegative()) {
            errors.add("thalamus.expert.batch.max-wait must not be negative");
        }
        if (config.batch().latencyEstimate().map(Duration::isNegative).orElse(false)) {
            errors.add("thalamus.expert.batch.latency-estimate must not be negative");
        }
        ExpertDomain domain = domain(config.domain(), errors);
        if (!errors.isEmpty()) {
            throw new IllegalStateException("Invalid expert configuration:\n  " + String.join("\n  ", errors));
        }

        this.batchSize = config.batch().maxSize().orElse(config.capacity().maxBatch());
        Map<String, String> labels = new LinkedHashMap<>(config.node().labels());
        if (config.jobs().enabled()) {
            labels.put(JobTopics.TAKES_JOBS_LABEL, "true");
        }
        this.descriptor = new ExpertDescriptor(
                config.id(),
                config.modelId(),
                tasks,
                copy(config.inputModalities()),
                copy(config.outputModalities()),
                config.endpoint(),
                Protocol.THALAMUS_V1,
                new CostModel(config.cost().creditsPerRequest(), config.cost().creditsPerGpuSecond()),
                quality,
                new LatencyProfile(config.latency().p50Ms(), config.latency().p95Ms()),
                new Capacity(config.capacity().maxConcurrency(), config.capacity().maxBatch()),
                new NodeInfo(config.node().gpuModel().orElse(null), config.node().gpuMemoryMb().orElse(null),
                        config.node().zone().orElse(null), labels),
                null,
                domain);
    }

    public ExpertDescriptor descriptor() {
        return descriptor;
    }

    /** Most requests the micro-batcher hands to the model in one call. */
    public int batchSize() {
        return batchSize;
    }

    /** The declared domain with its pilot queries (inline, then from the file), or null when none is named. */
    private static ExpertDomain domain(ExpertConfig.Domain config, List<String> errors) {
        if (config.name().isEmpty()) {
            if (config.pilotQueries().isPresent() || config.pilotQueriesFile().isPresent()) {
                errors.add("thalamus.expert.domain.name is required when pilot queries are given");
            }
            return null;
        }
        List<String> queries = new ArrayList<>(config.pilotQueries().orElse(List.of()));
        config.pilotQueriesFile().ifPresent(file -> {
            try {
                queries.addAll(lines(file));
            } catch (IOException | UncheckedIOException e) {
                errors.add("thalamus.expert.domain.pilot-queries-file: cannot read '" + file + "': " + e.getMessage());
            }
        });
        List<String> pilots = queries.stream().map(String::strip).filter(q -> !q.isEmpty()).distinct().toList();
        if (pilots.isEmpty()) {
            errors.add("thalamus.expert.domain: '" + config.name().get() + "' needs pilot queries "
                    + "(thalamus.expert.domain.pilot-queries or pilot-queries-file)");
            return null;
        }
        return new ExpertDomain(config.name().get(), pilots);
    }

    private static List<String> lines(String file) throws IOException {
        Path path = Path.of(file);
        if (Files.isRegularFile(path)) {
            return Files.readAllLines(path, StandardCharsets.UTF_8);
        }
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(file)) {
            if (in == null) {
                throw new IOException("no such file or classpath resource");
            }
            return Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R"));
        }
    }

    private static Set<Modality> copy(Set<Modality> modalities) {
        return Collections.unmodifiableSet(EnumSet.copyOf(modalities));
    }
}
