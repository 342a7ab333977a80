package io.thalamus.retrieval.bench;

import io.thalamus.retrieval.corpus.Document;
import io.thalamus.retrieval.index.LuceneIndex;
import io.thalamus.retrieval.index.TextAnalysis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SyntheticIndexBuilderTest {

    private static final List<Document> TEMPLATES = List.of(
            new Document("a", "Vitamin D", "Vitamin D deficiency weakens bones in older adults.", Map.of()),
            new Document("b", null, "Statins lower cholesterol; statins lower risk.", Map.of()),
            new Document("c", "Sleep", "Sleep deprivation impairs memory consolidation.", Map.of()));

    @TempDir
    Path dir;

    @Test
    void luceneIndexReadsTheBuiltIndexLikeOneItBuiltItself() {
        SyntheticCorpus corpus = SyntheticCorpus.modelledOn(TEMPLATES, 5);
        List<Document> documents = corpus.documents(300);
        Map<String, List<float[]>> vectors = Map.of("m", corpus.vectors("m", randomUnitVectors(3, 8), 0.5, 300));

        SyntheticIndexBuilder.Built built = new SyntheticIndexBuilder(2, 16).build(dir, documents, vectors, "fp-1");

        assertThat(built.segments()).isBetween(1, 2); // one per indexing thread, no merges
        try (LuceneIndex index = LuceneIndex.open(dir, TextAnalysis.ENGLISH)) {
            assertThat(index.fingerprint()).isEqualTo("fp-1");
            assertThat(index.size()).isEqualTo(300);
            SyntheticIndexBuilder.check(index, documents, vectors);
            assertThat(index.documents(List.of("syn-7", "syn-123"))).containsExactly(documents.get(7), documents.get(123));
            assertThat(index.nearest("m", vectors.get("m").get(42), 5)).extracting(hit -> hit.id()).contains("syn-42");
            List<String> matching = documents.stream()
                    .filter(d -> (d.title() + " " + d.text()).contains("statins")).map(Document::id).toList();
            assertThat(index.bm25("statins", 300)).extracting(hit -> hit.id()).containsExactlyInAnyOrderElementsOf(matching);
        }
    }

    @Test
    void checkRejectsAnIndexWithOtherDocuments() {
        SyntheticCorpus corpus = SyntheticCorpus.modelledOn(TEMPLATES, 5);
        Map<String, List<float[]>> vectors = Map.of("m", corpus.vectors("m", randomUnitVectors(3, 8), 0.5, 50));
        new SyntheticIndexBuilder(1, 16).build(dir, corpus.documents(50), vectors, "fp-1");

        SyntheticCorpus other = SyntheticCorpus.modelledOn(TEMPLATES, 6);
        try (LuceneIndex index = LuceneIndex.open(dir, TextAnalysis.ENGLISH)) {
            assertThatThrownBy(() -> SyntheticIndexBuilder.check(index, other.documents(50), vectors))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> SyntheticIndexBuilder.check(index, corpus.documents(40), vectors))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    private static List<float[]> randomUnitVectors(int count, int dimensions) {
        Random random = new Random(11);
        List<float[]> vectors = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] vector = new float[dimensions];
            double norm = 0;
            for (int d = 0; d < dimensions; d++) {
                vector[d] = (float) random.nextGaussian();
                norm += vector[d] * vector[d];
            }
            for (int d = 0; d < dimensions; d++) {
                vector[d] /= (float) Math.sqrt(norm);
            }
            vectors.add(vector);
        }
        return vectors;
    }
}
