package io.thalamus.registry.graphql.model;

import io.thalamus.api.expert.ExpertDescriptor;
import io.thalamus.api.expert.NodeInfo;
import io.thalamus.api.registry.ExpertState;
import io.thalamus.api.registry.RegisteredExpert;
import io.thalamus.api.task.Modality;
import io.thalamus.api.task.TaskId;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Type;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** A registration as GraphQL shows it: the REST representation with plain strings and lists instead of maps. */
@Type("Expert")
@Description("A registered expert: what it declares and where it is in its lifecycle")
public record ExpertView(String id, String modelId, String owner, List<String> tasks, List<String> inputModalities,
                         List<String> outputModalities, String endpoint, String protocol, Cost cost,
                         List<Quality> quality, Latency latency, Capacity capacity, Node node, ExpertState state,
                         String stateReason, Instant stateSince, long version, Load load, Instant leaseExpiresAt) {

    public static ExpertView of(RegisteredExpert expert) {
        ExpertDescriptor d = expert.descriptor();
        return new ExpertView(d.id(), d.modelId(), d.owner(),
                d.tasks().stream().map(TaskId::value).toList(),
                d.inputModalities().stream().map(Modality::wireName).sorted().toList(),
                d.outputModalities().stream().map(Modality::wireName).sorted().toList(),
                d.endpoint().toString(), d.protocol().wireName(),
                new Cost(d.cost().creditsPerRequest(), d.cost().creditsPerGpuSecond()),
                d.quality() == null ? List.of() : d.quality().entrySet().stream()
                        .map(e -> new Quality(e.getKey(), e.getValue().score(), e.getValue().source()))
                        .sorted(Comparator.comparing(Quality::task)).toList(),
                new Latency(d.latency().p50Ms(), d.latency().p95Ms()),
                new Capacity(d.capacity().maxConcurrency(), d.capacity().maxBatch()),
                node(d.node()), expert.state(), expert.stateReason(), expert.stateSince(), expert.version(),
                new Load(expert.load().inFlight(), expert.load().queueDepth(), expert.load().latencyP50Ms(),
                        expert.load().latencyP95Ms(), expert.load().errorRate()),
                expert.leaseExpiresAt());
    }

    private static Node node(NodeInfo node) {
        if (node == null) {
            return null;
        }
        return new Node(node.gpuModel(), node.gpuMemoryMb(), node.zone(), node.labels().entrySet().stream()
                .map(e -> new Label(e.getKey(), e.getValue()))
                .sorted(Comparator.comparing(Label::name)).toList());
    }

    @Type("ExpertCost")
    public record Cost(double creditsPerRequest, double creditsPerGpuSecond) {
    }

    @Type("ExpertQuality")
    public record Quality(String task, double score, String source) {
    }

    @Type("ExpertLatency")
    public record Latency(int p50Ms, int p95Ms) {
    }

    @Type("ExpertCapacity")
    public record Capacity(int maxConcurrency, int maxBatch) {
    }

    @Type("ExpertNode")
    public record Node(String gpuModel, Integer gpuMemoryMb, String zone, List<Label> labels) {
    }

    @Type("NodeLabel")
    public record Label(String name, String value) {
    }

    @Type("ExpertLoad")
    public record Load(int inFlight, int queueDepth, double latencyP50Ms, double latencyP95Ms, double errorRate) {
    }
}
