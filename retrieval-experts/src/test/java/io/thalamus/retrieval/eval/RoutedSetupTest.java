package io.thalamus.retrieval.eval;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The domains of the routed setup, and where routing sends a query. */
class RoutedSetupTest {

    @Test
    void theOtherDomainsAreTheRoutingFilesRetrievalSourcesExceptTheDatasetsOwn(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("routing.tsv");
        StringBuilder tsv = new StringBuilder("task\tsource\tid\ttext\n");
        for (int i = 0; i < 10; i++) {
            tsv.append("retrieval\tbeir_nq\tq").append(i).append("\twho wrote book ").append(i).append('\n');
            tsv.append("retrieval\tbeir_scifact\ts").append(i).append("\tclaim ").append(i).append('\n');
            tsv.append("vqa\tgqa\tv").append(i).append("\twhat colour is it ").append(i).append('\n');
        }
        tsv.append("retrieval\ttiny\tt0\tonly one\n");
        Files.writeString(file, tsv);

        List<RoutedSetup.Domain> domains = RoutedSetup.domains("beir-scifact", List.of("own pilot"),
                List.of("own test"), file, 4, 3);

        assertThat(domains).extracting(RoutedSetup.Domain::name).containsExactly("beir-scifact", "beir_nq");
        RoutedSetup.Domain nq = domains.get(1);
        assertThat(nq.pilots()).hasSize(4).allMatch(text -> text.startsWith("who wrote book"));
        assertThat(nq.heldOut()).hasSize(3).doesNotContainAnyElementsOf(nq.pilots());
        // the same draw every time
        assertThat(RoutedSetup.domains("beir-scifact", List.of(), List.of(), file, 4, 3).get(1)).isEqualTo(nq);
        assertThat(RoutedSetup.domains("beir-scifact", List.of(), List.of(), dir.resolve("missing.tsv"), 4, 3))
                .hasSize(1);
    }

    @Test
    void aQueryGoesToTheClosestCentroidAndAccuracyCountsTheOwnDomain() {
        List<float[]> centroids = List.of(new float[]{1, 0}, new float[]{0, 1});
        assertThat(RoutedSetup.closest(new float[]{0.9f, 0.2f}, centroids)).isZero();
        assertThat(RoutedSetup.closest(new float[]{0.1f, 0.7f}, centroids)).isEqualTo(1);

        RoutedSetup.Routing routing = new RoutedSetup.Routing(Map.of("a", List.of("a", "b", "a", "a")), Map.of());
        assertThat(routing.accuracy("a")).isEqualTo(0.75);
        assertThat(routing.counts("a")).containsEntry("a", 3).containsEntry("b", 1);
    }
}
