package io.thalamus.diffusion.judge;

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
import io.thalamus.diffusion.data.Layout;
import io.thalamus.diffusion.data.PlacedShape;
import io.thalamus.diffusion.data.PromptedImage;
import io.thalamus.diffusion.data.ShapeLayout;
import io.thalamus.diffusion.data.TextLayout;
import io.thalamus.model.CommandOptions;
import io.thalamus.model.DjlEnvironment;
import io.thalamus.model.SavedBlock;
import io.thalamus.scenes.SceneGenerator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;

/**
 * Trains the image judge on freshly rendered layouts, most of them spoiled a little (noise, blur, colour shift,
 * see {@link JudgeExamples#spoil}) so that a noisy but correct generated image is still read correctly. Checks on
 * clean renders of a validation series while training and, at the end, on a test series; writes the judge,
 * {@code metrics.json} and prints the reference numbers of the metric (clean renders, renders with shuffled
 * prompts, the Fréchet distance between two sets of real renders). Resumable like the base training: a new run
 * continues from the checkpoint in {@code work} unless told {@code --fresh}.
 *
 * <p>Options ({@code --name=value}): steps, batch, learning-rate, seed, validation-seed, test-seed,
 * checkpoint-every, work, out, fresh.
 */
public final class JudgeTraining {

    private static final int VALIDATION_IMAGES = 1000;
    private static final int TEST_IMAGES = 2000;
    private static final int FRECHET_IMAGES = 2000;

    private final CommandOptions options;
    private final String[] args;

    private JudgeTraining(CommandOptions options, String[] args) {
        this.options = options;
        this.args = args.clone();
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        new JudgeTraining(CommandOptions.of(args), args).run();
    }

    /** Accuracies on one series of images. */
    record Accuracy(double cells, double shapeCells, double kind, double characters, double textColour) {

        String line() {
            return String.format(Locale.ROOT, "cells %.4f (cells with a shape %.4f) kind %.4f characters %.4f "
                    + "text colour %.4f", cells, shapeCells, kind, characters, textColour);
        }

        String json() {
            return String.format(Locale.ROOT, "{\"cells\": %.4f, \"cellsWithAShape\": %.4f, \"kind\": %.4f, "
                    + "\"characters\": %.4f, \"textColour\": %.4f}", cells, shapeCells, kind, characters, textColour);
        }
    }

    private void run() {
        int steps = options.integer("steps", 3000);
        int batchSize = options.integer("batch", 64);
        float learningRate = (float) options.decimal("learning-rate", 2e-3);
        long seed = options.integer("seed", 1);
        long validationSeed = options.integer("validation-seed", 2);
        long testSeed = options.integer("test-seed", 3);
        int checkpointEvery = options.integer("checkpoint-every", 500);
        Path work = Path.of(options.text("work", "target/diffusion-training/judge"));
        Path out = Path.of(options.text("out", "src/main/resources/diffusion/judge"));
        DjlEnvironment.prepare(work.resolve("djl-cache"));

        Path checkpoint = work.resolve("checkpoint");
        boolean resume = !options.flag("fresh") && Files.exists(work.resolve("state.properties"));
        Properties state = resume ? readState(work) : new Properties();
        int start = Integer.parseInt(state.getProperty("step", "0"));
        double earlierSeconds = Double.parseDouble(state.getProperty("seconds", "0"));
        JudgeExamples examples = new JudgeExamples(seed);
        int pixels = JudgeExamples.PIXELS;
        int size = JudgeArchitecture.standard().imageSize();

        try (ImageJudge judge = resume ? ImageJudge.fromDirectory(checkpoint)
                : ImageJudge.create(JudgeArchitecture.standard())) {
            if (resume) {
                log("resuming at step %d", start);
                SavedBlock.recordGradients(judge.model().getBlock());
            }
            log("%d parameters", parameterCount(judge));
            Tracker rate = update -> rate(learningRate, start + update, steps);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(rate).build());
            long began = System.nanoTime();
            try (Trainer trainer = judge.model().newTrainer(config)) {
                double lossSum = 0;
                int lossCount = 0;
                for (int step = start; step < steps; step++) {
                    float[] images = new float[batchSize * pixels];
                    List<Layout> layouts = new ArrayList<>(batchSize);
                    for (int b = 0; b < batchSize; b++) {
                        long index = (long) step * batchSize + b;
                        JudgeExamples.Example example = examples.example(index);
                        float[] image = example.image();
                        JudgeExamples.spoil(image, SceneGenerator.random(seed ^ 0x5B01_1EDL, index));
                        System.arraycopy(image, 0, images, b * pixels, pixels);
                        layouts.add(example.prompted().layout());
                    }
                    try (NDManager manager = judge.model().getNDManager().newSubManager()) {
                        NDArray input = manager.create(images, new Shape(batchSize, 3, size, size));
                        try (GradientCollector collector = trainer.newGradientCollector()) {
                            NDList outputs = trainer.forward(new NDList(input));
                            NDArray loss = loss(outputs, Targets.of(layouts), manager);
                            collector.backward(loss);
                            lossSum += loss.getFloat();
                            lossCount++;
                        }
                        trainer.step();
                    }
                    int done = step + 1;
                    if (done % 100 == 0) {
                        double perStep = (System.nanoTime() - began) / 1e9 / (done - start);
                        log("step %d/%d  loss %.4f  lr %.5f  %.3f s/step  eta %.1f min", done, steps,
                                lossSum / lossCount, rate(learningRate, done, steps), perStep,
                                perStep * (steps - done) / 60);
                        lossSum = 0;
                        lossCount = 0;
                    }
                    if (done % checkpointEvery == 0 || done == steps) {
                        Accuracy validation = evaluate(judge, validationSeed, VALIDATION_IMAGES, false);
                        log("validation (clean) at step %d: %s", done, validation.line());
                        judge.save(checkpoint);
                        writeState(work, done, earlierSeconds + (System.nanoTime() - began) / 1e9);
                    }
                }
            }
            double seconds = earlierSeconds + (System.nanoTime() - began) / 1e9;

            Accuracy clean = evaluate(judge, testSeed, TEST_IMAGES, false);
            Accuracy spoiled = evaluate(judge, testSeed, TEST_IMAGES, true);
            log("test, clean renders: %s", clean.line());
            log("test, spoiled renders: %s", spoiled.line());
            Reference reference = reference(judge, testSeed);
            log("reference: %s", reference.line());
            judge.save(out);
            writeMetrics(out.resolve("metrics.json"), steps, batchSize, learningRate, seed, validationSeed, testSeed,
                    seconds, parameterCount(judge), clean, spoiled, reference);
            log("wrote the judge (%d bytes of weights) and metrics.json to %s after %.1f min of training",
                    SavedBlock.fileSize(out.resolve(ImageJudge.WEIGHTS)), out, seconds / 60);
        }
    }

    /** The targets of a batch as one-hot arrays, and which images are text (their colour counts). */
    private record Targets(float[] cells, float[] kinds, float[] characters, float[] colours, int texts) {

        static Targets of(List<Layout> layouts) {
            int count = layouts.size();
            float[] cells = new float[count * JudgeNetwork.CELL_OUTPUTS];
            float[] kinds = new float[count * JudgeNetwork.KINDS];
            float[] characters = new float[count * JudgeNetwork.CHARACTER_OUTPUTS];
            float[] colours = new float[count * JudgeNetwork.COLOURS];
            int texts = 0;
            for (int i = 0; i < count; i++) {
                Judgement truth = Judgement.of(layouts.get(i));
                for (int cell = 0; cell < PlacedShape.CELLS; cell++) {
                    int target = truth.cells().get(cell).map(SeenShape::classIndex).orElse(SeenShape.EMPTY);
                    cells[(i * PlacedShape.CELLS + cell) * SeenShape.CLASSES + target] = 1;
                }
                kinds[i * JudgeNetwork.KINDS + (truth.showsCharacters() ? 1 : 0)] = 1;
                for (int slot = 0; slot < Judgement.SLOTS; slot++) {
                    int target = Judgement.slotClass(truth.characterSlots().get(slot));
                    characters[(i * Judgement.SLOTS + slot) * JudgeNetwork.SLOT_CLASSES + target] = 1;
                }
                if (truth.showsCharacters()) {
                    colours[i * JudgeNetwork.COLOURS + truth.textColour().ordinal()] = 1;
                    texts++;
                }
            }
            return new Targets(cells, kinds, characters, colours, texts);
        }
    }

    /**
     * Mean cross-entropy of every head; the text colour only over text images, the cells predicted from the
     * features at half weight (they are there to shape the features).
     */
    private static NDArray loss(NDList outputs, Targets targets, NDManager manager) {
        long batch = outputs.get(0).getShape().get(0);
        NDArray cellTargets = manager.create(targets.cells(), new Shape(batch, PlacedShape.CELLS, SeenShape.CLASSES));
        NDArray cells = outputs.get(0).reshape(batch, PlacedShape.CELLS, SeenShape.CLASSES).logSoftmax(2)
                .mul(cellTargets).sum().div(batch * PlacedShape.CELLS);
        NDArray featureCells = outputs.get(5).reshape(batch, PlacedShape.CELLS, SeenShape.CLASSES).logSoftmax(2)
                .mul(cellTargets).sum().div(2 * batch * PlacedShape.CELLS);
        NDArray kinds = outputs.get(1).logSoftmax(1)
                .mul(manager.create(targets.kinds(), new Shape(batch, JudgeNetwork.KINDS))).sum().div(batch);
        NDArray characters = outputs.get(2).reshape(batch, Judgement.SLOTS, JudgeNetwork.SLOT_CLASSES)
                .logSoftmax(2)
                .mul(manager.create(targets.characters(),
                        new Shape(batch, Judgement.SLOTS, JudgeNetwork.SLOT_CLASSES)))
                .sum().div(batch * Judgement.SLOTS);
        NDArray colours = outputs.get(3).logSoftmax(1)
                .mul(manager.create(targets.colours(), new Shape(batch, JudgeNetwork.COLOURS)))
                .sum().div(Math.max(1, targets.texts()));
        return cells.add(featureCells).add(kinds).add(characters).add(colours).neg();
    }

    /** Accuracies on a series of renders, clean or spoiled. */
    static Accuracy evaluate(ImageJudge judge, long seed, int count, boolean spoiled) {
        JudgeExamples examples = new JudgeExamples(seed);
        List<float[]> images = new ArrayList<>(count);
        List<Layout> layouts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            JudgeExamples.Example example = examples.example(i);
            if (spoiled) {
                JudgeExamples.spoil(example.image(), SceneGenerator.random(seed ^ 0x5B01_1EDL, i));
            }
            images.add(example.image());
            layouts.add(example.prompted().layout());
        }
        List<Judgement> judgements = judge.judge(images);
        int cells = 0;
        int cellsRight = 0;
        int shapeCells = 0;
        int shapeCellsRight = 0;
        int kindsRight = 0;
        int slots = 0;
        int slotsRight = 0;
        int texts = 0;
        int coloursRight = 0;
        for (int i = 0; i < count; i++) {
            Judgement truth = Judgement.of(layouts.get(i));
            Judgement seen = judgements.get(i);
            kindsRight += truth.showsCharacters() == seen.showsCharacters() ? 1 : 0;
            if (layouts.get(i) instanceof ShapeLayout) {
                for (int cell = 0; cell < PlacedShape.CELLS; cell++) {
                    Optional<SeenShape> wanted = truth.cells().get(cell);
                    boolean right = wanted.equals(seen.cells().get(cell));
                    cells++;
                    cellsRight += right ? 1 : 0;
                    if (wanted.isPresent()) {
                        shapeCells++;
                        shapeCellsRight += right ? 1 : 0;
                    }
                }
            } else if (layouts.get(i) instanceof TextLayout text) {
                texts++;
                coloursRight += seen.textColour() == text.colour() ? 1 : 0;
                for (int slot = 0; slot < Judgement.SLOTS; slot++) {
                    slots++;
                    slotsRight += truth.characterSlots().get(slot).equals(seen.characterSlots().get(slot)) ? 1 : 0;
                }
            }
        }
        return new Accuracy(cellsRight / (double) cells, shapeCellsRight / (double) shapeCells,
                kindsRight / (double) count, slotsRight / (double) slots, coloursRight / (double) texts);
    }

    /** The metric's reference numbers: what a perfect generator and a prompt-blind one would score. */
    private record Reference(AlignmentScore.Breakdown clean, AlignmentScore.Breakdown shuffled, double frechetFloor,
                             double frechetSpoiled) {

        String line() {
            return String.format(Locale.ROOT, "clean renders %.1f points, renders with shuffled prompts %.1f points, "
                    + "Fréchet distance between two sets of %d real renders %.4f (real vs spoiled renders %.4f)",
                    clean.alignment(), shuffled.alignment(), FRECHET_IMAGES, frechetFloor, frechetSpoiled);
        }
    }

    private static Reference reference(ImageJudge judge, long testSeed) {
        JudgeExamples examples = new JudgeExamples(testSeed);
        List<float[]> images = new ArrayList<>(TEST_IMAGES);
        List<Layout> layouts = new ArrayList<>(TEST_IMAGES);
        for (int i = 0; i < TEST_IMAGES; i++) {
            JudgeExamples.Example example = examples.example(i);
            images.add(example.image());
            layouts.add(example.prompted().layout());
        }
        List<Judgement> judgements = judge.judge(images);
        AlignmentScore.Breakdown clean = AlignmentScore.breakdown(layouts, judgements);
        // every image judged against the next image's prompt
        List<Layout> shuffled = new ArrayList<>(layouts.subList(1, layouts.size()));
        shuffled.add(layouts.get(0));
        AlignmentScore.Breakdown wrong = AlignmentScore.breakdown(shuffled, judgements);
        log("clean renders: %s", clean.line());
        log("shuffled prompts: %s", wrong.line());

        List<float[]> first = features(judge, testSeed + 100, false);
        List<float[]> second = features(judge, testSeed + 101, false);
        List<float[]> spoiled = features(judge, testSeed + 101, true);
        return new Reference(clean, wrong, FrechetDistance.between(first, second),
                FrechetDistance.between(first, spoiled));
    }

    private static List<float[]> features(ImageJudge judge, long seed, boolean spoiled) {
        JudgeExamples examples = new JudgeExamples(seed);
        List<float[]> images = new ArrayList<>(FRECHET_IMAGES);
        for (int i = 0; i < FRECHET_IMAGES; i++) {
            float[] image = examples.example(i).image();
            if (spoiled) {
                JudgeExamples.spoil(image, new Random(seed * 7919 + i));
            }
            images.add(image);
        }
        return judge.judge(images).stream().map(Judgement::features).toList();
    }

    /** Linear warm-up over the first 200 steps, then a cosine down to 2 % at the end. */
    static float rate(float base, int step, int steps) {
        double warm = Math.min(1.0, (step + 1) / 200.0);
        double progress = Math.min(1.0, step / (double) steps);
        return (float) (base * warm * (0.02 + 0.98 * 0.5 * (1 + Math.cos(Math.PI * progress))));
    }

    private static long parameterCount(ImageJudge judge) {
        long count = 0;
        for (var parameter : judge.network().getParameters().values()) {
            count += parameter.getArray().size();
        }
        return count;
    }

    private void writeMetrics(Path file, int steps, int batch, float learningRate, long seed, long validationSeed,
                              long testSeed, double seconds, long parameters, Accuracy clean, Accuracy spoiled,
                              Reference reference) {
        String json = String.format(Locale.ROOT, """
                {
                  "trainedAt": "%s",
                  "command": "./thalamus train-judge %s",
                  "training": {"steps": %d, "batch": %d, "learningRate": %s, "seed": %d, "validationSeed": %d,
                               "testSeed": %d, "threads": "%s", "minutes": %.1f, "parameters": %d},
                  "testCleanRenders": %s,
                  "testSpoiledRenders": %s,
                  "reference": {"cleanRendersPoints": %.2f, "shuffledPromptsPoints": %.2f,
                                "frechetRealVsReal": %.4f, "frechetRealVsSpoiled": %.4f, "images": %d,
                                "frechetImages": %d,
                                "clean": "%s",
                                "shuffled": "%s"}
                }
                """, Instant.now(), String.join(" ", args), steps, batch, learningRate, seed, validationSeed,
                testSeed, System.getProperty("ai.djl.pytorch.num_threads", "default"), seconds / 60, parameters,
                clean.json(), spoiled.json(), reference.clean().alignment(), reference.shuffled().alignment(),
                reference.frechetFloor(), reference.frechetSpoiled(), TEST_IMAGES, FRECHET_IMAGES,
                reference.clean().line(), reference.shuffled().line());
        try {
            Files.writeString(file, json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Properties readState(Path work) {
        return SavedBlock.readProperties(work.resolve("state.properties"));
    }

    private static void writeState(Path work, int step, double seconds) {
        Properties state = new Properties();
        state.setProperty("step", Integer.toString(step));
        state.setProperty("seconds", Double.toString(seconds));
        SavedBlock.writeProperties(work.resolve("state.properties"), state, "judge training progress");
    }

    private static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[train-judge] " + format + "%n", args);
        System.out.flush();
    }
}
