package io.thalamus.router.selection;

import io.thalamus.api.expert.Capacity;
import io.thalamus.api.expert.CostModel;
import io.thalamus.api.expert.ExpertDescriptor;
import io.thalamus.api.expert.ExpertDomain;
import io.thalamus.api.expert.LatencyProfile;
import io.thalamus.api.expert.Protocol;
import io.thalamus.api.expert.QualityPrior;
import io.thalamus.api.registry.ExpertState;
import io.thalamus.api.registry.LoadReport;
import io.thalamus.api.registry.RegisteredExpert;
import io.thalamus.api.registry.RegistrySnapshot;
import io.thalamus.api.task.Modality;
import io.thalamus.api.task.TaskId;
import io.thalamus.registry.client.RoutingTable;
import io.thalamus.registry.client.RoutingTableListener;
import io.thalamus.router.directory.ExpertDirectory;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Registrations for tests, and a directory backed by the registry client's real routing table. */
public final class TestExperts {

    private TestExperts() {
    }

    public static RegisteredExpert expert(String id, TaskId task, double quality, int declaredP50Ms, LoadReport load) {
        return expert(id, task, quality, declaredP50Ms, load, URI.create("http://127.0.0.1:9/"), Protocol.THALAMUS_V1);
    }

    public static RegisteredExpert expert(String id, TaskId task, double quality, int declaredP50Ms, LoadReport load,
                                          URI endpoint, Protocol protocol) {
        ExpertDescriptor descriptor = new ExpertDescriptor(id, "model-" + id, List.of(task),
                Set.of(Modality.TEXT, Modality.IMAGE), Set.of(Modality.TEXT), endpoint, protocol,
                new CostModel(0.001, 0.0), Map.of(task.value(), new QualityPrior(quality, "test")),
                new LatencyProfile(declaredP50Ms, declaredP50Ms * 2), new Capacity(4, 1), null, "test");
        return new RegisteredExpert(descriptor, ExpertState.READY, null, Instant.EPOCH, 1, load,
                Instant.now().plusSeconds(3600));
    }

    public static RegisteredExpert withState(RegisteredExpert expert, ExpertState state) {
        return new RegisteredExpert(expert.descriptor(), state, null, expert.stateSince(), expert.version() + 1,
                expert.load(), expert.leaseExpiresAt());
    }

    /** The same registration with a domain, one version later. */
    public static RegisteredExpert withDomain(RegisteredExpert expert, String name, String... pilotQueries) {
        return new RegisteredExpert(expert.descriptor().withDomain(new ExpertDomain(name, List.of(pilotQueries))),
                expert.state(), null, expert.stateSince(), expert.version() + 1, expert.load(),
                expert.leaseExpiresAt());
    }

    /** A directory holding exactly these experts. */
    public static ExpertDirectory directory(RegisteredExpert... experts) {
        RoutingTable table = new RoutingTable();
        table.load(new RegistrySnapshot(1, List.of(experts)));
        return directory(table);
    }

    /** A directory backed by {@code table}, telling listeners of its changes. */
    public static ExpertDirectory directory(RoutingTable table) {
        return new ExpertDirectory() {
            @Override
            public void addListener(RoutingTableListener listener) {
                table.addListener(listener);
            }

            @Override
            public List<RegisteredExpert> expertsFor(TaskId task) {
                return table.expertsFor(task);
            }

            @Override
            public List<RegisteredExpert> all() {
                return table.all();
            }
        };
    }

    public static SelectionConfig selectionConfig(double costWeight, double latencyWeight, double tieEpsilon) {
        return new SelectionConfig() {
            @Override
            public double costWeight() {
                return costWeight;
            }

            @Override
            public double latencyWeight() {
                return latencyWeight;
            }

            @Override
            public double tieEpsilon() {
                return tieEpsilon;
            }
        };
    }
}
