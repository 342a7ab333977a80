package io.thalamus.registry.client;

import io.thalamus.api.expert.Capacity;
import io.thalamus.api.expert.CostModel;
import io.thalamus.api.expert.ExpertDescriptor;
import io.thalamus.api.expert.LatencyProfile;
import io.thalamus.api.expert.Protocol;
import io.thalamus.api.registry.ExpertEvent;
import io.thalamus.api.registry.ExpertState;
import io.thalamus.api.registry.LoadReport;
import io.thalamus.api.registry.RegisteredExpert;
import io.thalamus.api.registry.RegistrySnapshot;
import io.thalamus.api.task.Modality;
import io.thalamus.api.task.TaskId;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class RoutingTableTest {

    private static final TaskId VQA = TaskId.VQA;
    private static final TaskId OCR = TaskId.of("ocr");

    private final RoutingTable table = new RoutingTable();

    @Test
    void appliesOnlyNewerVersionsSoReorderedAndRepeatedEventsChangeNothing() {
        assertThat(table.apply(event("a", 2, ExpertState.READY, VQA))).isTrue();
        assertThat(table.apply(event("a", 1, ExpertState.REGISTERED, VQA))).isFalse();
        assertThat(table.apply(event("a", 2, ExpertState.UNHEALTHY, VQA))).isFalse();

        assertThat(table.get("a")).get().extracting(RegisteredExpert::state).isEqualTo(ExpertState.READY);
        assertThat(table.versionOf("a")).isEqualTo(2);
        assertThat(table.changes()).isEqualTo(1);
    }

    @Test
    void indexesByTaskAndFollowsTaskChanges() {
        table.apply(event("a", 1, ExpertState.READY, VQA, OCR));
        table.apply(event("b", 1, ExpertState.UNHEALTHY, VQA));

        assertThat(table.expertsFor(VQA)).extracting(RegisteredExpert::id).containsExactly("a", "b");
        assertThat(table.routableFor(VQA)).extracting(RegisteredExpert::id).containsExactly("a");

        table.apply(event("a", 2, ExpertState.READY, OCR));

        assertThat(table.expertsFor(VQA)).extracting(RegisteredExpert::id).containsExactly("b");
        assertThat(table.expertsFor(OCR)).extracting(RegisteredExpert::id).containsExactly("a");
    }

    @Test
    void aRemovedExpertCannotBeBroughtBackByAnOlderEvent() {
        table.apply(event("a", 3, ExpertState.READY, VQA));
        assertThat(table.apply(removal("a", 4))).isTrue();
        assertThat(table.apply(event("a", 3, ExpertState.READY, VQA))).isFalse();

        assertThat(table.get("a")).isEmpty();
        assertThat(table.expertsFor(VQA)).isEmpty();
        assertThat(table.versionOf("a")).isEqualTo(4);

        assertThat(table.apply(event("a", 5, ExpertState.REGISTERED, VQA))).isTrue();
        assertThat(table.get("a")).isPresent();
    }

    @Test
    void aSnapshotAddsNewerRegistrationsAndRemovesTheOnesItNoLongerLists() {
        table.apply(event("stale", 1, ExpertState.READY, VQA));
        table.apply(event("kept", 7, ExpertState.READY, VQA));

        int changed = table.load(new RegistrySnapshot(42, List.of(
                registered("kept", 6, ExpertState.UNHEALTHY, VQA),
                registered("new", 2, ExpertState.READY, OCR))));

        assertThat(changed).isEqualTo(2);
        assertThat(table.all()).extracting(RegisteredExpert::id).containsExactly("kept", "new");
        assertThat(table.get("kept")).get().extracting(RegisteredExpert::version).isEqualTo(7L);
        assertThat(table.position()).isEqualTo(42);
    }

    @Test
    void listenersSeeEveryChangeWithBeforeAndAfterAndAFailingListenerDoesNotStopOthers() {
        List<ExpertChange> seen = new ArrayList<>();
        table.addListener(change -> {
            throw new IllegalStateException("listener bug");
        });
        table.addListener(seen::add);

        table.apply(event("a", 1, ExpertState.REGISTERED, VQA), 10, "00-abc-def-01");
        table.apply(event("a", 2, ExpertState.READY, VQA), 11, null);
        table.apply(removal("a", 3), 12, null);

        assertThat(seen).hasSize(3);
        assertThat(seen.get(0).previous()).isNull();
        assertThat(seen.get(0).traceParent()).isEqualTo("00-abc-def-01");
        assertThat(seen.get(1).previous().state()).isEqualTo(ExpertState.REGISTERED);
        assertThat(seen.get(1).current().state()).isEqualTo(ExpertState.READY);
        assertThat(seen.get(2).removed()).isTrue();
        assertThat(table.position()).isEqualTo(12);
    }

    @Test
    void concurrentReadersNeverFailWhileTheWriterApplies() throws Exception {
        ExecutorService readers = Executors.newFixedThreadPool(3);
        CountDownLatch done = new CountDownLatch(1);
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int r = 0; r < 3; r++) {
            readers.execute(() -> {
                while (done.getCount() > 0) {
                    try {
                        for (RegisteredExpert expert : table.expertsFor(VQA)) {
                            assertThat(expert.descriptor().tasks()).contains(VQA);
                        }
                        table.all();
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                }
            });
        }
        for (int version = 1; version <= 2000; version++) {
            String id = "e" + version % 50;
            table.apply(event(id, version, ExpertState.READY, version % 2 == 0 ? VQA : OCR));
        }
        done.countDown();
        readers.shutdown();
        assertThat(readers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

        assertThat(failures).isEmpty();
        assertThat(table.size()).isEqualTo(50);
        assertThat(table.expertsFor(VQA)).hasSize(25);
    }

    private static ExpertEvent event(String id, long version, ExpertState state, TaskId... tasks) {
        return new ExpertEvent(id, version, ExpertEvent.Type.STATE_CHANGED, registered(id, version, state, tasks),
                Instant.now());
    }

    private static ExpertEvent removal(String id, long version) {
        return new ExpertEvent(id, version, ExpertEvent.Type.REMOVED, registered(id, version, ExpertState.GONE, VQA),
                Instant.now());
    }

    private static RegisteredExpert registered(String id, long version, ExpertState state, TaskId... tasks) {
        ExpertDescriptor descriptor = new ExpertDescriptor(id, "model", List.of(tasks), Set.of(Modality.TEXT),
                Set.of(Modality.TEXT), URI.create("http://10.0.0.1:8080"), Protocol.THALAMUS_V1, new CostModel(0, 0),
                Map.of(), new LatencyProfile(10, 20), new Capacity(1, 1), null, "owner");
        return new RegisteredExpert(descriptor, state, "test", Instant.now(), version, LoadReport.idle(),
                Instant.now());
    }
}
