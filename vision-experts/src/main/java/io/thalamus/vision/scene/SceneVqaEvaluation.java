package io.thalamus.vision.scene;

import io.thalamus.scenes.Phrasings;
import io.thalamus.scenes.Question;
import io.thalamus.scenes.QuestionGenerator;
import io.thalamus.scenes.QuestionKind;
import io.thalamus.scenes.Scene;
import io.thalamus.scenes.SceneGenerator;
import io.thalamus.scenes.SceneRenderer;
import io.thalamus.scenes.SceneSpec;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Accuracy of a scene VQA model by question kind on generated scenes: one question of every kind per scene, in a
 * random phrasing of the chosen set, answered in batches.
 */
public final class SceneVqaEvaluation {

    private final SceneVqaModel model;
    private final QuestionVectors vectors;
    private final SceneSpec spec;

    public SceneVqaEvaluation(SceneVqaModel model, QuestionVectors vectors, SceneSpec spec) {
        this.model = model;
        this.vectors = vectors;
        this.spec = spec;
    }

    /** Scenes {@code 0 … scenes-1} of series {@code seed}. */
    public Result evaluate(long seed, int scenes, Phrasings phrasings, int batchSize) {
        SceneGenerator generator = new SceneGenerator(spec);
        QuestionGenerator questions = new QuestionGenerator(spec, phrasings);
        SceneRenderer renderer = new SceneRenderer();
        Map<QuestionKind, int[]> counts = new EnumMap<>(QuestionKind.class);
        for (QuestionKind kind : QuestionKind.values()) {
            counts.put(kind, new int[2]);
        }
        List<float[]> images = new ArrayList<>();
        List<Question> asked = new ArrayList<>();
        long start = System.nanoTime();
        long batches = 0;
        for (int index = 0; index < scenes; index++) {
            Scene scene = generator.scene(seed, index);
            float[] pixels = SceneRenderer.rgbPlanes(renderer.render(scene));
            Random random = SceneGenerator.random(seed ^ 0x51AB1E5L, index);
            for (Question question : questions.askAll(scene, 1, random)) {
                images.add(pixels);
                asked.add(question);
            }
            if (asked.size() >= batchSize || index == scenes - 1) {
                score(images, asked, counts);
                batches++;
                images.clear();
                asked.clear();
            }
        }
        double millisPerBatch = (System.nanoTime() - start) / 1e6 / Math.max(1, batches);
        return new Result(seed, scenes, phrasings, counts, millisPerBatch);
    }

    private void score(List<float[]> images, List<Question> asked, Map<QuestionKind, int[]> counts) {
        List<String> texts = new ArrayList<>(asked.size());
        asked.forEach(q -> texts.add(q.text()));
        float[][] probabilities = model.predict(images, vectors.vectors(texts));
        for (int i = 0; i < asked.size(); i++) {
            Question question = asked.get(i);
            int[] count = counts.get(question.kind());
            count[1]++;
            if (model.answers().get(SceneVqaModel.best(probabilities[i])).equals(question.answer())) {
                count[0]++;
            }
        }
    }

    /**
     * Correct and total answers per kind.
     *
     * @param millisPerBatch wall time per batch, question embedding and image rendering included
     */
    public record Result(long seed, int scenes, Phrasings phrasings, Map<QuestionKind, int[]> counts,
                         double millisPerBatch) {

        public double accuracy(QuestionKind kind) {
            int[] count = counts.get(kind);
            return count[1] == 0 ? Double.NaN : (double) count[0] / count[1];
        }

        public double nonRelational() {
            return pooled(false);
        }

        public double relational() {
            return pooled(true);
        }

        public double overall() {
            int correct = 0;
            int total = 0;
            for (int[] count : counts.values()) {
                correct += count[0];
                total += count[1];
            }
            return total == 0 ? Double.NaN : (double) correct / total;
        }

        private double pooled(boolean relational) {
            int correct = 0;
            int total = 0;
            for (Map.Entry<QuestionKind, int[]> entry : counts.entrySet()) {
                if (entry.getKey().relational() == relational) {
                    correct += entry.getValue()[0];
                    total += entry.getValue()[1];
                }
            }
            return total == 0 ? Double.NaN : (double) correct / total;
        }

        /** One line per kind, then the pooled accuracies. */
        public String report() {
            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT, "scene VQA, %d scenes of seed %d, %s phrasings:%n", scenes, seed,
                    phrasings.name().toLowerCase(Locale.ROOT).replace('_', '-')));
            for (QuestionKind kind : QuestionKind.values()) {
                int[] count = counts.get(kind);
                out.append(String.format(Locale.ROOT, "  %-16s %-15s %.4f  (%d/%d)%n", kind.id(),
                        kind.relational() ? "relational" : "non-relational", accuracy(kind), count[0], count[1]));
            }
            out.append(String.format(Locale.ROOT, "  non-relational %.4f  relational %.4f  overall %.4f%n",
                    nonRelational(), relational(), overall()));
            return out.toString();
        }

        /** The accuracies as a JSON object. */
        public String json() {
            StringBuilder out = new StringBuilder("{");
            out.append(String.format(Locale.ROOT, "\"seed\": %d, \"scenes\": %d, \"phrasings\": \"%s\", ", seed,
                    scenes, phrasings.name().toLowerCase(Locale.ROOT).replace('_', '-')));
            out.append(String.format(Locale.ROOT, "\"nonRelational\": %.4f, \"relational\": %.4f, \"overall\": %.4f, ",
                    nonRelational(), relational(), overall()));
            out.append("\"byKind\": {");
            boolean first = true;
            for (QuestionKind kind : QuestionKind.values()) {
                int[] count = counts.get(kind);
                out.append(first ? "" : ", ").append(String.format(Locale.ROOT,
                        "\"%s\": {\"accuracy\": %.4f, \"correct\": %d, \"total\": %d}", kind.id(), accuracy(kind),
                        count[0], count[1]));
                first = false;
            }
            return out.append("}}").toString();
        }
    }
}
