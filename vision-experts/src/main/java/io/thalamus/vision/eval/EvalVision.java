package io.thalamus.vision.eval;

import io.thalamus.model.CommandOptions;
import io.thalamus.model.DjlEnvironment;
import io.thalamus.model.EncoderOptions;
import io.thalamus.model.SentenceEncoder;
import io.thalamus.scenes.Phrasings;
import io.thalamus.scenes.SceneGenerator;
import io.thalamus.scenes.SceneRenderer;
import io.thalamus.scenes.SceneSpec;
import io.thalamus.vision.ocr.eval.OcrEvaluation;
import io.thalamus.vision.scene.QuestionVectors;
import io.thalamus.vision.scene.SceneVqaEvaluation;
import io.thalamus.vision.scene.SceneVqaModel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./thalamus eval-vision}: measures the vision experts' models in-process on generated test sets and ends
 * with one summary line of {@code name=value} pairs. Each expert contributes a section and its pairs.
 *
 * <p>Options ({@code --name=value}): scenes (default 2000), scene-seed (default 2, the training run's test
 * series), scene-model-dir (a trained model folder instead of the bundled one), batch (default 64).
 */
public final class EvalVision {

    private EvalVision() {
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", "1");
        }
        Map<String, String> options = CommandOptions.parse(args);
        Path build = Path.of(System.getProperty("thalamus.build.dir", "vision-experts/target"));
        DjlEnvironment.prepare(build.resolve("djl-cache"));

        List<String> summary = new ArrayList<>();
        summary.addAll(scene(options, build));
        summary.addAll(OcrEvaluation.section(options, build.resolve("djl-cache")));
        // further experts' sections add their name=value pairs here, in the order of the summary line
        System.out.println(String.join(" ", summary));
    }

    /** Scene VQA accuracy by question kind (training phrasings, then held-out ones) and forward-pass latency. */
    static List<String> scene(Map<String, String> options, Path build) {
        int scenes = Integer.parseInt(options.getOrDefault("scenes", "2000"));
        long seed = Long.parseLong(options.getOrDefault("scene-seed", "2"));
        int batch = Integer.parseInt(options.getOrDefault("batch", "64"));
        SceneSpec spec = SceneSpec.sortOfClevr();
        String modelDir = options.get("scene-model-dir");
        try (SceneVqaModel model = modelDir == null ? SceneVqaModel.fromClasspath("scene-vqa")
                : SceneVqaModel.fromDirectory(Path.of(modelDir));
             SentenceEncoder encoder = SentenceEncoder.fromClasspath(model.encoder(),
                     EncoderOptions.defaults(build.resolve("djl-cache")).withPredictors(1))) {
            QuestionVectors vectors = new QuestionVectors(encoder, 4096);
            SceneVqaEvaluation evaluation = new SceneVqaEvaluation(model, vectors, spec);
            SceneVqaEvaluation.Result result = evaluation.evaluate(seed, scenes, Phrasings.TRAINING, batch);
            System.out.print(result.report());
            SceneVqaEvaluation.Result paraphrases = evaluation.evaluate(seed, scenes, Phrasings.HELD_OUT, batch);
            System.out.print(paraphrases.report());
            latency(model, vectors, spec);
            return List.of(String.format(Locale.ROOT, "scene_nonrelational=%.4f", result.nonRelational()),
                    String.format(Locale.ROOT, "scene_relational=%.4f", result.relational()));
        }
    }

    /** Forward-pass time per batch (images and question vectors ready), median of 30 after 5 warm-up passes. */
    private static void latency(SceneVqaModel model, QuestionVectors vectors, SceneSpec spec) {
        SceneGenerator generator = new SceneGenerator(spec);
        SceneRenderer renderer = new SceneRenderer();
        float[] question = vectors.vector("What is the shape of the object closest to the red object?");
        System.out.printf(Locale.ROOT, "scene VQA forward pass, %s PyTorch thread(s):%n",
                System.getProperty("ai.djl.pytorch.num_threads"));
        for (int size : new int[] {1, 8, 32}) {
            List<float[]> images = new ArrayList<>();
            List<float[]> questions = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                images.add(SceneRenderer.rgbPlanes(renderer.render(generator.scene(99, i))));
                questions.add(question);
            }
            List<Double> millis = new ArrayList<>();
            for (int run = 0; run < 35; run++) {
                long start = System.nanoTime();
                model.predict(images, questions);
                if (run >= 5) {
                    millis.add((System.nanoTime() - start) / 1e6);
                }
            }
            Collections.sort(millis);
            double median = millis.get(millis.size() / 2);
            System.out.printf(Locale.ROOT, "  batch %2d: %.1f ms per batch, %.2f ms per question (p90 %.1f ms)%n",
                    size, median, median / size, millis.get((int) (millis.size() * 0.9)));
        }
    }
}
