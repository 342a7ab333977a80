package io.thalamus.model;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Runs the real quantised all-MiniLM-L6-v2 model from its Maven Central jar. */
class SentenceEncoderTest {

    private static final Path CACHE = Path.of(System.getProperty("thalamus.build.dir", "target"), "djl-cache");

    private static SentenceEncoder encoder;

    @BeforeAll
    static void load() {
        encoder = SentenceEncoder.fromClasspath("all-minilm-l6-v2-q",
                new EncoderOptions(Pooling.MEAN, 128, 8, 2, 1, CACHE));
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Test
    void similarSentencesAreCloserThanUnrelatedOnes() {
        List<float[]> vectors = encoder.embedAll(List.of(
                "A man is playing the guitar on stage.",
                "Someone performs a song on an acoustic guitar.",
                "The central bank raised interest rates again this quarter."));

        double related = cosine(vectors.get(0), vectors.get(1));
        double unrelated = cosine(vectors.get(0), vectors.get(2));
        assertThat(related).isGreaterThan(unrelated + 0.2);
        assertThat(cosine(vectors.get(1), vectors.get(2))).isLessThan(related);
    }

    @Test
    void vectorsHaveUnitLengthAndTheModelsDimension() {
        List<float[]> vectors = encoder.embedAll(List.of("short", "", "a somewhat longer sentence about retrieval"));

        assertThat(encoder.dimension()).isEqualTo(384);
        for (float[] vector : vectors) {
            assertThat(vector).hasSize(384);
            assertThat(norm(vector)).isCloseTo(1.0, within(1e-4));
        }
    }

    @Test
    void listsLongerThanOneForwardPassKeepTheirOrder() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 19; i++) {
            texts.add(i % 2 == 0 ? "photosynthesis in green plants number " + i : "stock prices and markets number " + i);
        }
        List<float[]> vectors = encoder.embedAll(texts);

        assertThat(vectors).hasSize(19);
        for (int i = 0; i < texts.size(); i++) {
            float[] alone = encoder.embed(texts.get(i));
            // Alone vs. in a padded batch differs slightly for a quantised model, but stays the same sentence.
            assertThat(cosine(alone, vectors.get(i))).isGreaterThan(0.95);
        }
    }

    @Test
    void concurrentCallersGetTheSameVectorsAsOneCaller() throws Exception {
        String text = "Which proteins regulate the cell cycle?";
        float[] expected = encoder.embed(text);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> encoder.embed(text)));
            }
            for (Future<float[]> result : results) {
                assertThat(cosine(result.get(), expected)).isCloseTo(1.0, within(1e-5));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void clsPoolingAlsoGivesUnitVectorsThatDifferFromMeanPooling() {
        try (SentenceEncoder cls = SentenceEncoder.fromClasspath("all-minilm-l6-v2-q",
                new EncoderOptions(Pooling.CLS, 64, 4, 1, 1, CACHE))) {
            String text = "Vaccines train the immune system.";
            float[] first = cls.embed(text);

            assertThat(norm(first)).isCloseTo(1.0, within(1e-4));
            assertThat(cosine(first, encoder.embed(text))).isLessThan(0.999);
        }
    }

    @Test
    void aMissingModelNamesTheResourcesItNeeds() {
        assertThatThrownBy(() -> SentenceEncoder.fromClasspath("no-such-encoder", EncoderOptions.defaults(CACHE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no-such-encoder.onnx")
                .hasMessageContaining("no-such-encoder-tokenizer.json");
    }

    @Test
    void nullTextIsRefused() {
        List<String> texts = new ArrayList<>();
        texts.add("fine");
        texts.add(null);
        assertThatThrownBy(() -> encoder.embedAll(texts)).hasMessageContaining("text 1 is null");
    }

    @Test
    void queriesAndDocumentsGetTheirPrefixes() {
        try (SentenceEncoder prefixed = SentenceEncoder.fromClasspath("all-minilm-l6-v2-q",
                new EncoderOptions(Pooling.MEAN, 128, 8, 1, 1, CACHE).withPrefixes("query: ", "passage: "))) {
            String text = "vitamin D and bone density";

            assertThat(prefixed.embedQuery(text)).containsExactly(encoder.embed("query: " + text), within(1e-6f));
            assertThat(prefixed.embedDocuments(List.of(text)).get(0))
                    .containsExactly(encoder.embed("passage: " + text), within(1e-6f));
            assertThat(encoder.embedQuery(text)).containsExactly(encoder.embed(text), within(1e-6f));
        }
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
        }
        return dot / (norm(a) * norm(b));
    }

    private static double norm(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        return Math.sqrt(sum);
    }
}
