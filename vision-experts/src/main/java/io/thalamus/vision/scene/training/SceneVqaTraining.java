package io.thalamus.vision.scene.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.thalamus.model.CommandOptions;
import io.thalamus.model.DjlEnvironment;
import io.thalamus.model.EncoderOptions;
import io.thalamus.model.SavedBlock;
import io.thalamus.model.Standardisation;
import io.thalamus.model.SentenceEncoder;
import io.thalamus.scenes.Phrasings;
import io.thalamus.scenes.Question;
import io.thalamus.scenes.QuestionGenerator;
import io.thalamus.scenes.QuestionKind;
import io.thalamus.scenes.Scene;
import io.thalamus.scenes.SceneGenerator;
import io.thalamus.scenes.SceneRenderer;
import io.thalamus.scenes.SceneSpec;
import io.thalamus.vision.scene.QuestionVectors;
import io.thalamus.vision.scene.SceneVqaArchitecture;
import io.thalamus.vision.scene.SceneVqaEvaluation;
import io.thalamus.vision.scene.SceneVqaModel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

/**
 * Trains the scene VQA model on freshly generated Sort-of-CLEVR scenes (a new scene for every image of every step,
 * so the model never sees a scene twice), with questions in the training phrasings, embedded once per distinct
 * text by the frozen MiniLM encoder. Validates on a separate series while training, keeps the best weights, and
 * finally measures them on a held-out test series (and on the held-out phrasings), then writes the weights and
 * the metrics. Resumes from its last checkpoint unless told {@code --fresh}; a finished run given the same
 * {@code --steps} only repeats the final selection and measurement.
 *
 * <p>Batch normalisation: its running statistics lag behind weights that change quickly, so before every
 * validation and before the final measurement they are recomputed for the current weights (calibration).
 *
 * <p>Options ({@code --name=value}): steps, images (per step), questions-per-image, learning-rate, channels,
 * hidden, train-seed, validation-seed, test-seed, calibration-seed, validation-scenes, test-scenes, eval-every,
 * work (checkpoints),
 * out (where the final model and metrics go), fresh.
 */
public final class SceneVqaTraining {

    private static final String ENCODER = "all-minilm-l6-v2-q";

    private final Map<String, String> options;

    private SceneVqaTraining(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        Map<String, String> options = CommandOptions.parse(args);
        new SceneVqaTraining(options).run();
    }

    private int intOption(String name, int fallback) {
        return Integer.parseInt(options.getOrDefault(name, Integer.toString(fallback)));
    }

    private void run() {
        int steps = intOption("steps", 24000);
        int images = intOption("images", 32);
        int perImage = intOption("questions-per-image", 4);
        float learningRate = Float.parseFloat(options.getOrDefault("learning-rate", "0.001"));
        long trainSeed = intOption("train-seed", 1);
        long validationSeed = intOption("validation-seed", 3);
        long testSeed = intOption("test-seed", 2);
        long calibrationSeed = intOption("calibration-seed", 4);
        int validationScenes = intOption("validation-scenes", 300);
        int testScenes = intOption("test-scenes", 2000);
        int evalEvery = intOption("eval-every", 1000);
        Path work = Path.of(options.getOrDefault("work", "vision-experts/target/scene-vqa"));
        Path out = Path.of(options.getOrDefault("out", "vision-experts/src/main/resources/scene-vqa"));
        boolean fresh = Boolean.parseBoolean(options.getOrDefault("fresh", "false"));

        DjlEnvironment.prepare(work.resolve("djl-cache"));
        SceneSpec spec = SceneSpec.sortOfClevr();
        QuestionGenerator training = new QuestionGenerator(spec, Phrasings.TRAINING);
        List<String> answers = training.answers();
        Map<String, Integer> answerIndex = new HashMap<>();
        for (int i = 0; i < answers.size(); i++) {
            answerIndex.put(answers.get(i), i);
        }

        try (SentenceEncoder encoder = SentenceEncoder.fromClasspath(ENCODER,
                EncoderOptions.defaults(work.resolve("djl-cache")).withPredictors(1))) {
            QuestionVectors vectors = new QuestionVectors(encoder, 4096);
            long embedStart = System.nanoTime();
            vectors.vectors(new QuestionGenerator(spec, Phrasings.ALL).allTexts());
            log("embedded every question text once in %d ms", (System.nanoTime() - embedStart) / 1_000_000);
            int dimension = vectors.vector(training.allTexts().get(0)).length;

            SceneVqaArchitecture architecture = new SceneVqaArchitecture(spec.imageSize(),
                    intOption("channels", 32), dimension, intOption("hidden", 96), answers.size());
            Path checkpoint = work.resolve("checkpoint");
            Path best = work.resolve("best");
            int startStep = 0;
            double bestValidation = -1;
            SceneVqaModel model;
            if (!fresh && Files.exists(checkpoint.resolve(SceneVqaModel.WEIGHTS))) {
                model = SceneVqaModel.fromDirectory(checkpoint);
                SavedBlock.recordGradients(model.model().getBlock());
                Properties state = readState(work);
                startStep = Integer.parseInt(state.getProperty("step", "0"));
                bestValidation = Double.parseDouble(state.getProperty("best-validation", "-1"));
                log("resuming from the checkpoint of step %d (best validation accuracy %.4f)", startStep,
                        bestValidation);
            } else {
                model = SceneVqaModel.create(architecture, answers, ENCODER,
                        Standardisation.of(vectors.vectors(training.allTexts())));
            }
            final int resumedAt = startStep;
            Tracker schedule = update -> rate(learningRate, resumedAt + update, steps);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(schedule).build());
            SceneGenerator generator = new SceneGenerator(spec);
            SceneRenderer renderer = new SceneRenderer();
            int size = spec.imageSize();
            int pixels = 3 * size * size;
            int rows = images * perImage;
            QuestionKind[] kinds = QuestionKind.values();

            try (Trainer trainer = model.model().newTrainer(config)) {
                trainer.initialize(new Shape(images, 3, size, size), new Shape(rows, dimension));
                long started = System.nanoTime();
                double lossSum = 0;
                int lossCount = 0;
                float[] imageData = new float[images * pixels];
                float[] questionData = new float[rows * dimension];
                float[] labelData = new float[rows];
                for (int step = startStep; step < steps; step++) {
                    for (int b = 0; b < images; b++) {
                        long sceneIndex = (long) step * images + b;
                        Scene scene = generator.scene(trainSeed, sceneIndex);
                        System.arraycopy(SceneRenderer.rgbPlanes(renderer.render(scene)), 0, imageData, b * pixels,
                                pixels);
                        Random random = SceneGenerator.random(trainSeed ^ 0x0A5EDL, sceneIndex);
                        for (int k = 0; k < perImage; k++) {
                            Question question = training.ask(scene, kinds[random.nextInt(kinds.length)], random);
                            int row = b * perImage + k;
                            System.arraycopy(model.standardise(vectors.vector(question.text())), 0, questionData,
                                    row * dimension, dimension);
                            labelData[row] = answerIndex.get(question.answer());
                        }
                    }
                    try (NDManager batch = model.model().getNDManager().newSubManager()) {
                        NDArray imageArray = batch.create(imageData, new Shape(images, 3, size, size));
                        NDArray questionArray = batch.create(questionData, new Shape(rows, dimension));
                        NDArray labels = batch.create(labelData, new Shape(rows));
                        try (GradientCollector collector = trainer.newGradientCollector()) {
                            NDList predictions = trainer.forward(new NDList(imageArray, questionArray));
                            NDArray loss = trainer.getLoss().evaluate(new NDList(labels), predictions);
                            collector.backward(loss);
                            lossSum += loss.getFloat();
                            lossCount++;
                        }
                        trainer.step();
                    }
                    int done = step + 1;
                    if (done % 100 == 0) {
                        double seconds = (System.nanoTime() - started) / 1e9;
                        double perStep = seconds / (done - startStep);
                        log("step %d/%d  loss %.4f  lr %.5f  %.3f s/step  eta %.1f min", done, steps,
                                lossSum / lossCount, rate(learningRate, done, steps), perStep,
                                perStep * (steps - done) / 60);
                        lossSum = 0;
                        lossCount = 0;
                    }
                    if (done % evalEvery == 0 || done == steps) {
                        calibrate(model, generator, renderer, training, vectors, calibrationSeed, images);
                        SceneVqaEvaluation.Result validation = new SceneVqaEvaluation(model, vectors, spec)
                                .evaluate(validationSeed, validationScenes, Phrasings.TRAINING, 128);
                        log("validation at step %d: non-relational %.4f relational %.4f overall %.4f", done,
                                validation.nonRelational(), validation.relational(), validation.overall());
                        model.save(checkpoint);
                        if (validation.overall() > bestValidation) {
                            bestValidation = validation.overall();
                            model.save(best);
                        }
                        writeState(work, done, bestValidation);
                    }
                }
            }
            model.close();

            // the best checkpoint by validation, or the last one if it validates better once both are calibrated
            Path selected = best;
            double selectedValidation = -1;
            for (Path candidate : List.of(best, checkpoint)) {
                try (SceneVqaModel loaded = SceneVqaModel.fromDirectory(candidate)) {
                    calibrate(loaded, generator, renderer, training, vectors, calibrationSeed, images);
                    double validation = new SceneVqaEvaluation(loaded, vectors, spec)
                            .evaluate(validationSeed, validationScenes, Phrasings.TRAINING, 128).overall();
                    log("calibrated %s: validation accuracy %.4f", candidate.getFileName(), validation);
                    if (validation > selectedValidation) {
                        selectedValidation = validation;
                        selected = candidate;
                    }
                    loaded.save(candidate);
                }
            }
            bestValidation = selectedValidation;
            try (SceneVqaModel chosen = SceneVqaModel.fromDirectory(selected)) {
                SceneVqaEvaluation evaluation = new SceneVqaEvaluation(chosen, vectors, spec);
                SceneVqaEvaluation.Result test = evaluation.evaluate(testSeed, testScenes, Phrasings.TRAINING, 64);
                SceneVqaEvaluation.Result paraphrases = evaluation.evaluate(testSeed, testScenes, Phrasings.HELD_OUT,
                        64);
                System.out.print(test.report());
                System.out.print(paraphrases.report());
                chosen.save(out);
                writeMetrics(out.resolve("metrics.json"), test, paraphrases, steps, images, perImage, learningRate,
                        trainSeed, validationSeed, bestValidation, chosen.architecture());
                log("wrote %s and %s (%d bytes of weights) to %s", SceneVqaModel.WEIGHTS, "metrics.json",
                        SavedBlock.fileSize(out.resolve(SceneVqaModel.WEIGHTS)), out);
                System.out.printf(Locale.ROOT, "scene_nonrelational=%.4f scene_relational=%.4f%n",
                        test.nonRelational(), test.relational());
            }
        }
    }

    /**
     * Recomputes the batch-normalisation statistics for the current weights: 100 training-mode forward passes over
     * scenes of their own series, no weight changes.
     */
    private static void calibrate(SceneVqaModel model, SceneGenerator generator, SceneRenderer renderer,
                                  QuestionGenerator questions, QuestionVectors vectors, long seed, int images) {
        int size = model.architecture().imageSize();
        int pixels = 3 * size * size;
        int dimension = model.architecture().questionDimension();
        QuestionKind[] kinds = QuestionKind.values();
        for (int batch = 0; batch < 100; batch++) {
            float[] imageData = new float[images * pixels];
            float[] questionData = new float[images * dimension];
            for (int b = 0; b < images; b++) {
                long index = (long) batch * images + b;
                Scene scene = generator.scene(seed, index);
                System.arraycopy(SceneRenderer.rgbPlanes(renderer.render(scene)), 0, imageData, b * pixels, pixels);
                Random random = SceneGenerator.random(seed, index);
                Question question = questions.ask(scene, kinds[random.nextInt(kinds.length)], random);
                System.arraycopy(model.standardise(vectors.vector(question.text())), 0, questionData, b * dimension,
                        dimension);
            }
            model.calibrate(imageData, questionData, images);
        }
    }

    /** Linear warm-up over the first 300 steps, flat until 55 % of the run, then a cosine down to 2 %. */
    static float rate(float base, int step, int steps) {
        double warm = Math.min(1.0, (step + 1) / 300.0);
        double decayStart = 0.55 * steps;
        double factor = 1.0;
        if (step > decayStart) {
            double progress = Math.min(1.0, (step - decayStart) / (steps - decayStart));
            factor = 0.02 + 0.98 * 0.5 * (1 + Math.cos(Math.PI * progress));
        }
        return (float) (base * warm * factor);
    }

    private static Properties readState(Path work) {
        Path file = work.resolve("state.properties");
        return Files.exists(file) ? SavedBlock.readProperties(file) : new Properties();
    }

    private static void writeState(Path work, int step, double bestValidation) {
        Properties state = new Properties();
        state.setProperty("step", Integer.toString(step));
        state.setProperty("best-validation", Double.toString(bestValidation));
        SavedBlock.writeProperties(work.resolve("state.properties"), state, "scene VQA training progress");
    }

    private static void writeMetrics(Path file, SceneVqaEvaluation.Result test, SceneVqaEvaluation.Result paraphrases,
                                     int steps, int images, int perImage, float learningRate, long trainSeed,
                                     long validationSeed, double bestValidation, SceneVqaArchitecture architecture) {
        String json = String.format(Locale.ROOT, """
                {
                  "trainedAt": "%s",
                  "command": "./thalamus train-scene-vqa",
                  "training": {"steps": %d, "imagesPerStep": %d, "questionsPerImage": %d, "learningRate": %s,
                               "trainSeed": %d, "validationSeed": %d, "bestValidationAccuracy": %.4f,
                               "threads": "%s"},
                  "architecture": {"imageSize": %d, "channels": %d, "grid": %d, "hidden": %d, "answers": %d},
                  "test": %s,
                  "heldOutPhrasings": %s
                }
                """, Instant.now(), steps, images, perImage, learningRate, trainSeed, validationSeed, bestValidation,
                System.getProperty("ai.djl.pytorch.num_threads", "default"), architecture.imageSize(),
                architecture.channels(), architecture.grid(), architecture.hidden(), architecture.answers(),
                test.json(), paraphrases.json());
        try {
            Files.writeString(file, json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[train-scene-vqa] " + format + "%n", args);
        System.out.flush();
    }
}
