package io.thalamus.router.domain;

import io.thalamus.api.registry.ExpertEvent;
import io.thalamus.api.registry.LoadReport;
import io.thalamus.api.registry.RegisteredExpert;
import io.thalamus.api.registry.RegistrySnapshot;
import io.thalamus.api.routing.Constraints;
import io.thalamus.api.routing.DomainFit;
import io.thalamus.api.task.Modality;
import io.thalamus.api.task.TaskId;
import io.thalamus.registry.client.RoutingTable;
import io.thalamus.router.feedback.LearnedQuality;
import io.thalamus.router.health.BreakerSettings;
import io.thalamus.router.health.CircuitBreakers;
import io.thalamus.router.health.InFlightCalls;
import io.thalamus.router.health.ObservedLatency;
import io.thalamus.router.selection.Candidate;
import io.thalamus.router.selection.ExpertSelector;
import io.thalamus.router.selection.NearTieSpreader;
import io.thalamus.router.selection.Selection;
import io.thalamus.router.selection.TestExperts;
import io.thalamus.testkit.Await;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static io.thalamus.router.selection.TestExperts.expert;
import static io.thalamus.router.selection.TestExperts.withDomain;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retrieval requests go to the expert whose pilot-query centroid they are closest to, with the fit in the score
 * terms; experts come and go without anything being trained. Vectors come from a hand-made embedder: texts about
 * science point one way, everyday questions another.
 */
class DomainRoutingTest {

    private static final Map<String, float[]> VECTORS = Map.of(
            "claim: vitamin D prevents fractures", new float[]{1, 0.1f, 0},
            "claim: aspirin lowers stroke risk", new float[]{0.9f, 0, 0.1f},
            "who won the world cup in 2010", new float[]{0, 1, 0.1f},
            "how tall is the eiffel tower", new float[]{0.1f, 0.9f, 0},
            "statins reduce mortality in adults", new float[]{0.95f, 0.2f, 0},
            "what is the capital of peru", new float[]{0.15f, 1, 0});

    private final AtomicInteger embedded = new AtomicInteger();
    private final QueryEmbedder embedder = text -> {
        embedded.incrementAndGet();
        return VECTORS.get(text);
    };
    private RoutingTable table;
    private DomainCentroids centroids;
    private ExpertSelector selector;

    @BeforeEach
    void setUp() {
        table = new RoutingTable();
        var directory = TestExperts.directory(table);
        centroids = new DomainCentroids(directory, embedder);
        centroids.follow();
        selector = new ExpertSelector(directory, TestExperts.selectionConfig(0.05, 0.1, 0.0), new LearnedQuality(10),
                new ObservedLatency(0.3), new InFlightCalls(),
                new CircuitBreakers(new BreakerSettings(4, 2, 0.5, Duration.ofMinutes(1), 1), () -> 0L),
                new NearTieSpreader(new Random(7)),
                new DomainRouting(true, List.of(TaskId.RETRIEVAL), 1.0, centroids, embedder), null);
    }

    @Test
    void eachQueryGoesToTheExpertOfItsDomainWithTheFitInTheScoreTerms() {
        // the general expert registers the better prior; domain fit outweighs it
        register(science(0.645), general(0.70));
        awaitCentroids("science", "general");

        Selection claim = select("statins reduce mortality in adults");
        assertThat(claim.ranked()).extracting(Candidate::expertId).containsExactly("science", "general");
        DomainFit fit = claim.ranked().get(0).terms().domainFit();
        assertThat(fit.domain()).isEqualTo("scientific-claims");
        assertThat(fit.basis()).isEqualTo(DomainFit.PILOT_CENTROID);
        assertThat(fit.fit()).isGreaterThan(0.95);
        assertThat(claim.ranked().get(1).terms().domainFit().fit()).isLessThan(0.4);
        // the fit is part of the score: quality − λ·credits − μ·latency + ω·fit
        var terms = claim.ranked().get(0).terms();
        assertThat(terms.score()).isCloseTo(terms.quality() - 0.05 * terms.credits()
                - 0.1 * terms.expectedLatencyMs() / 1000 + fit.fit(), org.assertj.core.data.Offset.offset(1e-9));

        assertThat(select("what is the capital of peru").ranked()).extracting(Candidate::expertId)
                .containsExactly("general", "science");
    }

    @Test
    void anExpertWithoutADomainGetsTheMeanFitOfTheOthers() {
        register(science(0.6), general(0.6), expert("plain", TaskId.RETRIEVAL, 0.6, 10, LoadReport.idle()));
        awaitCentroids("science", "general");

        Selection selection = select("statins reduce mortality in adults");
        Map<String, DomainFit> fits = fitsOf(selection);
        assertThat(fits.get("plain").basis()).isEqualTo(DomainFit.NEUTRAL_NO_DOMAIN);
        assertThat(fits.get("plain").fit())
                .isCloseTo((fits.get("science").fit() + fits.get("general").fit()) / 2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(selection.ranked()).extracting(Candidate::expertId).containsExactly("science", "plain", "general");
    }

    @Test
    void otherTasksAndRequestsWithoutTextAreNotRoutedByDomain() {
        register(withDomain(expert("vqa", TaskId.VQA, 0.6, 10, LoadReport.idle()), "science",
                "claim: vitamin D prevents fractures"), science(0.6));
        awaitCentroids("vqa", "science");
        int before = embedded.get();

        assertThat(selector.select(TaskId.VQA, Set.of(Modality.TEXT), Constraints.NONE, null,
                "statins reduce mortality in adults").ranked().get(0).terms().domainFit()).isNull();
        assertThat(select(null).ranked().get(0).terms().domainFit()).isNull();
        assertThat(embedded.get()).isEqualTo(before);
    }

    @Test
    void addingAnExpertOnlyAddsItsCentroidAndRemovingItDropsIt() {
        register(general(0.7));
        awaitCentroids("general");
        assertThat(select("statins reduce mortality in adults").ranked()).extracting(Candidate::expertId)
                .containsExactly("general");

        RegisteredExpert science = science(0.6);
        table.apply(new ExpertEvent(science.id(), science.version(), ExpertEvent.Type.REGISTERED, science, Instant.now()));
        awaitCentroids("science");
        assertThat(select("statins reduce mortality in adults").ranked().get(0).expertId()).isEqualTo("science");

        table.apply(new ExpertEvent(science.id(), science.version() + 1, ExpertEvent.Type.REMOVED, null, Instant.now()));
        int before = embedded.get();
        // the same domain again: its centroid was dropped with the expert, so it is computed anew
        table.apply(new ExpertEvent(science.id(), science.version() + 2, ExpertEvent.Type.REGISTERED, science,
                Instant.now()));
        Await.until("the centroid of the re-registered domain", () -> embedded.get() > before);
    }

    @Test
    void untilItsCentroidIsReadyAnExpertsFitIsNeutral() {
        DomainCentroids slow = new DomainCentroids(TestExperts.directory(science(0.6), general(0.6)), text -> {
            throw new IllegalStateException("encoder not available");
        });
        DomainRouting routing = new DomainRouting(true, List.of(TaskId.RETRIEVAL), 1.0, slow, embedder);

        Map<String, DomainFit> fits = routing.fits(TaskId.RETRIEVAL, "statins reduce mortality in adults",
                List.of(science(0.6), general(0.6)));

        assertThat(fits.values()).extracting(DomainFit::basis).containsOnly(DomainFit.NEUTRAL_PENDING);
        assertThat(fits.values()).extracting(DomainFit::fit).containsOnly(0.0);
    }

    private static RegisteredExpert science(double quality) {
        return withDomain(expert("science", TaskId.RETRIEVAL, quality, 10, LoadReport.idle()), "scientific-claims",
                "claim: vitamin D prevents fractures", "claim: aspirin lowers stroke risk");
    }

    private static RegisteredExpert general(double quality) {
        return withDomain(expert("general", TaskId.RETRIEVAL, quality, 10, LoadReport.idle()), "general-questions",
                "who won the world cup in 2010", "how tall is the eiffel tower");
    }

    private void register(RegisteredExpert... experts) {
        table.load(new RegistrySnapshot(1, List.of(experts)));
    }

    private void awaitCentroids(String... expertIds) {
        for (String id : expertIds) {
            Await.until("centroid of " + id, () -> centroids.centroidOf(table.get(id).orElseThrow()).isPresent());
        }
    }

    private Selection select(String text) {
        return selector.select(TaskId.RETRIEVAL, Set.of(Modality.TEXT), Constraints.NONE, null, text);
    }

    private static Map<String, DomainFit> fitsOf(Selection selection) {
        Map<String, DomainFit> fits = new java.util.HashMap<>();
        selection.ranked().forEach(c -> fits.put(c.expertId(), c.terms().domainFit()));
        return fits;
    }
}
