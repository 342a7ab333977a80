package io.thalamus.retrieval.index;

import io.thalamus.retrieval.corpus.Document;
import io.thalamus.retrieval.search.Hit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LuceneIndexTest {

    private static final List<Document> DOCUMENTS = List.of(
            new Document("d1", "Vitamin D", "Vitamin D deficiency weakens bones.", Map.of("year", "2001")),
            new Document("d2", null, "Statins lower cholesterol in adults.", Map.of()),
            new Document("d3", "Sleep", "Sleep deprivation impairs memory consolidation.", Map.of()));

    private static final Map<String, List<float[]>> VECTORS = Map.of("toy", List.of(
            unit(1, 0, 0), unit(0, 1, 0), unit(0, 0, 1)));

    @TempDir
    Path dir;

    @Test
    void bm25FindsDocumentsByStemmedTerms() {
        try (LuceneIndex index = LuceneIndex.open(dir, TextAnalysis.ENGLISH)) {
            index.rebuild(DOCUMENTS, VECTORS, "v1");

            List<Hit> hits = index.bm25("Does a deficient vitamin intake weaken bone?", 10);

            assertThat(hits).extracting(Hit::id).first().isEqualTo("d1");
            assertThat(index.bm25("the of and", 10)).isEmpty();
        }
    }

    @Test
    void nearestNeighboursAreScoredByCosine() {
        try (LuceneIndex index = LuceneIndex.open(dir, TextAnalysis.ENGLISH)) {
            index.rebuild(DOCUMENTS, VECTORS, "v1");

            List<Hit> hits = index.nearest("toy", unit(0.1f, 1, 0), 2);

            assertThat(hits).extracting(Hit::id).containsExactly("d2", "d1");
            assertThat(hits.get(0).score()).isCloseTo(1 / Math.sqrt(1.01), within(1e-5));
        }
    }

    @Test
    void theIndexAndItsFingerprintSurviveAReopen() {
        try (LuceneIndex index = LuceneIndex.open(dir, TextAnalysis.STANDARD)) {
            assertThat(index.fingerprint()).isNull();
            index.rebuild(DOCUMENTS, VECTORS, "corpus-v1");
        }
        try (LuceneIndex index = LuceneIndex.open(dir, TextAnalysis.STANDARD)) {
            assertThat(index.fingerprint()).isEqualTo("corpus-v1");
            assertThat(index.size()).isEqualTo(3);
            assertThat(index.documents(List.of("d3", "missing", "d1")))
                    .containsExactly(DOCUMENTS.get(2), DOCUMENTS.get(0));
        }
    }

    private static float[] unit(float... values) {
        double norm = 0;
        for (float v : values) {
            norm += v * v;
        }
        float[] vector = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            vector[i] = (float) (values[i] / Math.sqrt(norm));
        }
        return vector;
    }
}
