package io.thalamus.retrieval.bench;

import io.thalamus.retrieval.corpus.Document;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SyntheticCorpusTest {

    private static final List<Document> TEMPLATES = List.of(
            new Document("a", "Vitamin D", "Vitamin D deficiency weakens bones in older adults.", Map.of()),
            new Document("b", null, "Statins lower cholesterol; statins lower risk.", Map.of()),
            new Document("c", "Sleep", "Sleep deprivation impairs memory consolidation.", Map.of()));

    private static final List<float[]> VECTORS = List.of(unit(1, 0, 0, 0), unit(0, 1, 0, 0), unit(0, 0, 1, 1));

    @Test
    void sameSeedGivesTheSameDocumentsAndVectorsInAnyOrder() {
        SyntheticCorpus one = SyntheticCorpus.modelledOn(TEMPLATES, 7);
        SyntheticCorpus two = SyntheticCorpus.modelledOn(TEMPLATES, 7);

        List<Document> documents = one.documents(1000);
        assertThat(documents).hasSize(1000);
        assertThat(documents.get(999)).isEqualTo(two.documents(1000).get(999));
        assertThat(documents.get(3)).isEqualTo(two.document(3));
        assertThat(one.vectors("m", VECTORS, 0.5, 1000).get(17))
                .containsExactly(two.vectors("m", VECTORS, 0.5, 1000).get(17));
        assertThat(SyntheticCorpus.modelledOn(TEMPLATES, 8).document(3)).isNotEqualTo(documents.get(3));
    }

    @Test
    void documentsUseTheTemplatesVocabularyAndLengths() {
        SyntheticCorpus corpus = SyntheticCorpus.modelledOn(TEMPLATES, 1);
        Set<String> vocabulary = new HashSet<>();
        TEMPLATES.forEach(t -> {
            vocabulary.addAll(SyntheticCorpus.words(t.title()));
            vocabulary.addAll(SyntheticCorpus.words(t.text()));
        });
        assertThat(corpus.vocabularySize()).isEqualTo(vocabulary.size());

        for (int i = 0; i < 200; i++) {
            Document document = corpus.document(i);
            Document template = TEMPLATES.get(corpus.template(i));
            assertThat(document.id()).isEqualTo("syn-" + i);
            assertThat(SyntheticCorpus.words(document.text())).hasSameSizeAs(SyntheticCorpus.words(template.text()))
                    .allSatisfy(word -> assertThat(vocabulary).contains(word));
            assertThat(document.title() == null).isEqualTo(template.title() == null);
        }
        // "statins" and "lower" occur twice in the templates, most words once: frequent words are drawn more often
        long statins = corpus.documents(2000).stream()
                .mapToLong(d -> SyntheticCorpus.words(d.text()).stream().filter("statins"::equals).count()).sum();
        long bones = corpus.documents(2000).stream()
                .mapToLong(d -> SyntheticCorpus.words(d.text()).stream().filter("bones"::equals).count()).sum();
        assertThat(statins).isGreaterThan(bones * 3 / 2);
    }

    @Test
    void vectorsAreUnitLengthNearTheirTemplate() {
        SyntheticCorpus corpus = SyntheticCorpus.modelledOn(TEMPLATES, 3);
        List<float[]> vectors = corpus.vectors("m", VECTORS, 0.1, 50);
        List<float[]> other = corpus.vectors("other", VECTORS, 0.1, 50);

        for (int i = 0; i < vectors.size(); i++) {
            float[] vector = vectors.get(i);
            assertThat(dot(vector, vector)).isCloseTo(1, within(1e-5));
            assertThat(dot(vector, VECTORS.get(corpus.template(i)))).isGreaterThan(0.95);
            assertThat(other.get(i)).isNotEqualTo(vector); // each model has its own noise
        }
    }

    private static float[] unit(float... values) {
        double norm = Math.sqrt(dot(values, values));
        float[] vector = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            vector[i] = (float) (values[i] / norm);
        }
        return vector;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }
}
