package io.thalamus.api.expert;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.thalamus.api.task.Modality;
import io.thalamus.api.task.TaskId;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an expert tells the registry about itself.
 *
 * @param id             stable id chosen by the expert; registration is idempotent per id
 * @param modelId        the model it serves
 * @param tasks          the tasks it performs
 * @param inputModalities  modalities it accepts; an image-only task needs {@code image}
 * @param outputModalities modalities it produces
 * @param endpoint       base URL of the expert's protocol endpoint
 * @param quality        quality prior per task id
 * @param owner          principal that owns the registration (filled in by the registry)
 * @param domain         the domain the expert is best at, for routing among experts of one task; optional
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExpertDescriptor(
        String id,
        String modelId,
        List<TaskId> tasks,
        Set<Modality> inputModalities,
        Set<Modality> outputModalities,
        URI endpoint,
        Protocol protocol,
        CostModel cost,
        Map<String, QualityPrior> quality,
        LatencyProfile latency,
        Capacity capacity,
        NodeInfo node,
        String owner,
        ExpertDomain domain) {

    /** A descriptor without a domain. */
    public ExpertDescriptor(String id, String modelId, List<TaskId> tasks, Set<Modality> inputModalities,
                            Set<Modality> outputModalities, URI endpoint, Protocol protocol, CostModel cost,
                            Map<String, QualityPrior> quality, LatencyProfile latency, Capacity capacity,
                            NodeInfo node, String owner) {
        this(id, modelId, tasks, inputModalities, outputModalities, endpoint, protocol, cost, quality, latency,
                capacity, node, owner, null);
    }

    public ExpertDescriptor withOwner(String newOwner) {
        return new ExpertDescriptor(id, modelId, tasks, inputModalities, outputModalities, endpoint, protocol,
                cost, quality, latency, capacity, node, newOwner, domain);
    }

    public ExpertDescriptor withDomain(ExpertDomain newDomain) {
        return new ExpertDescriptor(id, modelId, tasks, inputModalities, outputModalities, endpoint, protocol,
                cost, quality, latency, capacity, node, owner, newDomain);
    }

    public double qualityFor(TaskId task) {
        QualityPrior prior = quality == null ? null : quality.get(task.value());
        return prior == null ? 0.5 : prior.score();
    }
}
