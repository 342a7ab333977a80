package io.thalamus.router.graphql;

import io.thalamus.api.registry.LoadReport;
import io.thalamus.api.registry.RegisteredExpert;
import io.thalamus.api.task.Modality;
import io.thalamus.api.task.TaskId;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Type;

import java.util.List;

@Type("Expert")
@Description("An expert as the router's routing table holds it: what it serves and its live state and load")
public record ExpertView(
        String id,
        String modelId,
        List<String> tasks,
        List<String> inputModalities,
        String endpoint,
        String protocol,
        String state,
        String stateReason,
        String stateSince,
        long version,
        Double creditsPerRequest,
        Integer maxConcurrency,
        LoadView load) {

    @Type("Load")
    @Description("Load the expert reported with its last heartbeat")
    public record LoadView(int inFlight, int queueDepth, double latencyP50Ms, double latencyP95Ms, double errorRate) {
    }

    static ExpertView of(RegisteredExpert expert) {
        var descriptor = expert.descriptor();
        LoadReport load = expert.load();
        return new ExpertView(expert.id(), descriptor.modelId(),
                descriptor.tasks() == null ? List.of() : descriptor.tasks().stream().map(TaskId::value).toList(),
                descriptor.inputModalities() == null ? List.of()
                        : descriptor.inputModalities().stream().map(Modality::wireName).sorted().toList(),
                descriptor.endpoint() == null ? null : descriptor.endpoint().toString(),
                descriptor.protocol() == null ? null : descriptor.protocol().wireName(),
                expert.state() == null ? null : expert.state().name(),
                expert.stateReason(),
                expert.stateSince() == null ? null : expert.stateSince().toString(),
                expert.version(),
                descriptor.cost() == null ? null : descriptor.cost().creditsPerRequest(),
                descriptor.capacity() == null ? null : descriptor.capacity().maxConcurrency(),
                load == null ? null : new LoadView(load.inFlight(), load.queueDepth(), load.latencyP50Ms(),
                        load.latencyP95Ms(), load.errorRate()));
    }
}
