package io.thalamus.router.selection;

import io.thalamus.api.registry.ExpertState;
import io.thalamus.api.registry.LoadReport;
import io.thalamus.api.registry.RegisteredExpert;
import io.thalamus.api.routing.Alternative;
import io.thalamus.api.routing.Constraints;
import io.thalamus.api.routing.LatencyInputs;
import io.thalamus.api.task.Modality;
import io.thalamus.api.task.TaskId;
import io.thalamus.router.feedback.LearnedQuality;
import io.thalamus.router.health.BreakerSettings;
import io.thalamus.router.health.CircuitBreakers;
import io.thalamus.router.health.InFlightCalls;
import io.thalamus.router.health.ObservedLatency;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static io.thalamus.router.selection.TestExperts.expert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ExpertSelectorTest {

    private final LearnedQuality learned = new LearnedQuality(10);
    private final ObservedLatency observed = new ObservedLatency(0.5);
    private final InFlightCalls inFlight = new InFlightCalls();
    private final CircuitBreakers breakers = new CircuitBreakers(
            new BreakerSettings(4, 2, 0.5, Duration.ofMinutes(1), 1), () -> 0L);

    @Test
    void expectedLatencyUsesDeclaredThenHeartbeatThenObservedFigures() {
        RegisteredExpert declaredOnly = expert("a", TaskId.VQA, 0.8, 200, null);
        LatencyInputs inputs = LatencyEstimate.of(declaredOnly, observed.of("a"), 0);
        assertThat(inputs.baseSource()).isEqualTo("declared-p50");
        assertThat(LatencyEstimate.expectedMs(inputs)).isEqualTo(200.0);

        RegisteredExpert reporting = expert("a", TaskId.VQA, 0.8, 200, new LoadReport(2, 2, 300, 600, 0));
        inputs = LatencyEstimate.of(reporting, observed.of("a"), 0);
        assertThat(inputs.baseSource()).isEqualTo("heartbeat-p50");
        // 300 · (1 + (2 in flight + 2 queued) / 4 slots)
        assertThat(LatencyEstimate.expectedMs(inputs)).isEqualTo(600.0);

        observed.record("a", 100);
        inputs = LatencyEstimate.of(reporting, observed.of("a"), 3);
        assertThat(inputs.baseSource()).isEqualTo("router-ewma");
        assertThat(inputs.inFlight()).as("the router's own count is newer than the heartbeat").isEqualTo(3);
        assertThat(LatencyEstimate.expectedMs(inputs)).isEqualTo(100.0 * (1 + 5.0 / 4));
    }

    @Test
    void scoreIsQualityMinusWeightedCostAndLatencyWithEveryInputInTheTerms() {
        ExpertSelector selector = selector(TestExperts.directory(expert("a", TaskId.VQA, 0.8, 500, null)), 0.0);
        Candidate a = selector.select(TaskId.VQA, Set.of(Modality.TEXT), Constraints.NONE, null).ranked().get(0);
        // 0.8 − 0.05·0.001 − 0.1·0.5 s
        assertThat(a.terms().score()).isCloseTo(0.8 - 0.05 * 0.001 - 0.1 * 0.5, within(1e-12));
        assertThat(a.terms().qualityPrior()).isEqualTo(0.8);
        assertThat(a.terms().feedbackCount()).isZero();
        assertThat(a.terms().costWeight()).isEqualTo(0.05);
        assertThat(a.terms().latencyWeight()).isEqualTo(0.1);
        assertThat(a.terms().latencyInputs().declaredP50Ms()).isEqualTo(500);
    }

    @Test
    void feedbackCanReverseTheRanking() {
        ExpertSelector selector = selector(TestExperts.directory(
                expert("a", TaskId.VQA, 0.80, 100, null), expert("b", TaskId.VQA, 0.75, 100, null)), 0.0);
        assertThat(rankedIds(selector)).containsExactly("a", "b");
        for (int i = 0; i < 10; i++) {
            learned.add("a", TaskId.VQA, 0.3);
        }
        assertThat(rankedIds(selector)).containsExactly("b", "a");
    }

    @Test
    void observedLatencyCanReverseTheRanking() {
        ExpertSelector selector = selector(TestExperts.directory(
                expert("a", TaskId.VQA, 0.80, 100, null), expert("b", TaskId.VQA, 0.79, 100, null)), 0.0);
        assertThat(rankedIds(selector)).containsExactly("a", "b");
        observed.record("a", 2_000); // declared 100 ms, but this router sees 2 s
        assertThat(rankedIds(selector)).containsExactly("b", "a");
    }

    @Test
    void excludesWithTheReasonNotReadyAtCapacityAndCircuitOpen() {
        ExpertSelector selector = selector(TestExperts.directory(
                expert("ok", TaskId.VQA, 0.5, 100, null),
                TestExperts.withState(expert("draining", TaskId.VQA, 0.9, 100, null), ExpertState.DRAINING),
                expert("busy", TaskId.VQA, 0.9, 100, new LoadReport(4, 0, 100, 200, 0)),
                expert("broken", TaskId.VQA, 0.9, 100, null)), 0.0);
        breakers.of("broken").onFailure();
        breakers.of("broken").onFailure();

        Selection selection = selector.select(TaskId.VQA, Set.of(Modality.TEXT), Constraints.NONE, null);

        assertThat(selection.ranked()).extracting(Candidate::expertId).containsExactly("ok");
        assertThat(selection.excluded()).extracting(Alternative::expertId, Alternative::reason).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("draining", "state DRAINING"),
                org.assertj.core.groups.Tuple.tuple("busy", "at capacity (4 in flight; maxConcurrency 4 × maxBatch 1)"),
                org.assertj.core.groups.Tuple.tuple("broken", "circuit open"));
    }

    @Test
    void theRoutersOwnInFlightCallsCountTowardsCapacity() {
        ExpertSelector selector = selector(TestExperts.directory(expert("a", TaskId.VQA, 0.5, 100, LoadReport.idle())), 0.0);
        for (int i = 0; i < 4; i++) {
            inFlight.started("a");
        }
        assertThat(selector.select(TaskId.VQA, Set.of(Modality.TEXT), Constraints.NONE, null).ranked()).isEmpty();
        inFlight.finished("a");
        assertThat(rankedIds(selector)).containsExactly("a");
    }

    @Test
    void nearTiesGoToTheLessLoadedExpert() {
        ExpertSelector selector = selector(TestExperts.directory(
                expert("a", TaskId.VQA, 0.800, 100, new LoadReport(3, 0, 100, 200, 0)),
                expert("b", TaskId.VQA, 0.775, 100, LoadReport.idle())), 0.05);
        // a scores 0.8 − 0.1·0.175 s (3 of 4 slots busy), b 0.775 − 0.1·0.1 s: within 0.05, and b is idle
        Selection selection = selector.select(TaskId.VQA, Set.of(Modality.TEXT), Constraints.NONE, null);
        assertThat(selection.ranked()).extracting(Candidate::expertId).containsExactly("b", "a");
        assertThat(selection.whyNotFirst("a")).startsWith("near-tie with b").contains("power-of-two");
    }

    private List<String> rankedIds(ExpertSelector selector) {
        return selector.select(TaskId.VQA, Set.of(Modality.TEXT), Constraints.NONE, null).ranked().stream()
                .map(Candidate::expertId).toList();
    }

    private ExpertSelector selector(io.thalamus.router.directory.ExpertDirectory directory, double epsilon) {
        return new ExpertSelector(directory, TestExperts.selectionConfig(0.05, 0.1, epsilon), learned, observed,
                inFlight, breakers, new NearTieSpreader(new Random(7)));
    }
}
