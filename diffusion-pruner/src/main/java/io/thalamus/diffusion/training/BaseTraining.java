package io.thalamus.diffusion.training;

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
import ai.djl.nn.ParameterList;
import io.thalamus.diffusion.data.LayoutRenderer;
import io.thalamus.diffusion.model.DdimSampler;
import io.thalamus.diffusion.model.DiffusionModel;
import io.thalamus.diffusion.model.GateLayout;
import io.thalamus.diffusion.model.NoiseSchedule;
import io.thalamus.diffusion.model.PromptBatch;
import io.thalamus.diffusion.model.Prediction;
import io.thalamus.diffusion.model.PromptEncoder;
import io.thalamus.diffusion.model.SubNetwork;
import io.thalamus.diffusion.model.UNetArchitecture;
import io.thalamus.model.CommandOptions;
import io.thalamus.model.DjlEnvironment;
import io.thalamus.model.EncoderOptions;
import io.thalamus.model.SavedBlock;
import io.thalamus.model.SentenceEncoder;
import io.thalamus.model.SentenceEncoder.TokenStates;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Trains the base text-to-image UNet: DDPM noise prediction on freshly generated prompts and images, every image
 * under its own random sub-network (slimmable training, see {@link RandomSubNetworks}), prompts dropped now and
 * then for classifier-free guidance, and an exponential moving average of the weights, which is the model that
 * is kept. Resumable: every checkpoint writes the weights, their average and the step reached; a new run continues
 * from there unless told {@code --fresh}, and {@code --steps} may be raised to train further.
 *
 * <p>Options ({@code --name=value}): steps, batch, learning-rate, full-share, minimum-keep, skip-probability,
 * drop-prompt, ema-decay, seed, checkpoint-every, work (checkpoints and sample sheets), out (the averaged model),
 * prediction ({@code velocity}, the default, or {@code epsilon}; a checkpoint of the other kind is trained on towards
 * it), fresh.
 */
public final class BaseTraining {

    private final CommandOptions options;

    private BaseTraining(CommandOptions options) {
        this.options = options;
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        new BaseTraining(CommandOptions.of(args)).run();
    }

    private void run() {
        int steps = options.integer("steps", 40_000);
        int batchSize = options.integer("batch", 32);
        float learningRate = (float) options.decimal("learning-rate", 5e-4);
        double emaDecay = options.decimal("ema-decay", 0.999);
        int checkpointEvery = options.integer("checkpoint-every", 500);
        long seed = options.integer("seed", 1);
        Path work = Path.of(options.text("work", "target/diffusion-training/base"));
        Path out = Path.of(options.text("out", "src/main/resources/diffusion/base"));
        DjlEnvironment.prepare(work.resolve("djl-cache"));

        UNetArchitecture standard = UNetArchitecture.standard();
        UNetArchitecture architecture = standard.predicting(
                Prediction.of(options.text("prediction", standard.prediction().key())));
        GateLayout layout = new GateLayout(architecture);
        RandomSubNetworks subNetworks = new RandomSubNetworks(layout, options.decimal("full-share", 0.5),
                options.decimal("minimum-keep", 0.3), options.decimal("skip-probability", 0.3));
        TrainingExamples examples = new TrainingExamples(seed, options.decimal("drop-prompt", 0.1));
        NoiseSchedule schedule = new NoiseSchedule();
        Checkpoint checkpoint = new Checkpoint(work);
        boolean resume = !options.flag("fresh") && checkpoint.exists();

        try (SentenceEncoder sentenceEncoder = SentenceEncoder.fromClasspath(PromptEncoder.ENCODER,
                EncoderOptions.defaults(work.resolve("djl-cache")).withPredictors(1));
             DiffusionModel model = resume
                     ? DiffusionModel.fromDirectory(checkpoint.weights()).predicting(architecture.prediction())
                     : DiffusionModel.create(SubNetwork.full(layout));
             DiffusionModel average = resume
                     ? DiffusionModel.fromDirectory(checkpoint.average()).predicting(architecture.prediction())
                     : DiffusionModel.create(SubNetwork.full(layout))) {
            PromptEncoder prompts = new PromptEncoder(sentenceEncoder, 4096);
            int start = resume ? checkpoint.step() : 0;
            if (resume) {
                log("resuming at step %d, predicting %s", start, architecture.prediction().key());
                SavedBlock.recordGradients(model.net());
            } else {
                model.copyWeightsTo(average);
            }
            // the optimiser's moments start from zero on every (re)start, so the rate warms up again
            Tracker rate = update -> learningRate * Math.min(1f, (update + 1) / 500f);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(rate).build());
            int size = architecture.imageSize();
            try (Trainer trainer = model.model().newTrainer(config)) {
                ParameterList weights = model.net().getParameters();
                ParameterList averaged = average.net().getParameters();
                Random random = new Random(seed * 31 + start);
                long began = System.nanoTime();
                double lossSum = 0;
                int lossCount = 0;
                ExecutorService preparing = Executors.newSingleThreadExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "prepare-batches");
                    thread.setDaemon(true);
                    return thread;
                });
                Future<Prepared> next = preparing.submit(() -> Prepared.of(examples, prompts, start, batchSize));
                for (int step = start; step < steps; step++) {
                    Prepared prepared = await(next);
                    int following = step + 1;
                    next = preparing.submit(() -> Prepared.of(examples, prompts, following, batchSize));
                    TrainingExamples.Batch batch = prepared.batch();
                    NoiseSchedule.Noised noised = schedule.noise(batch.images(), batchSize, random,
                            architecture.prediction());
                    float[] gates = new float[batchSize * layout.size()];
                    for (int b = 0; b < batchSize; b++) {
                        System.arraycopy(subNetworks.next(random).gates(), 0, gates, b * layout.size(),
                                layout.size());
                    }
                    try (NDManager manager = model.model().getNDManager().newSubManager()) {
                        PromptBatch conditioning = PromptBatch.of(prepared.prompts(), manager);
                        NDList inputs = new NDList(manager.create(noised.noisy(), new Shape(batchSize, 3, size, size)),
                                manager.create(noised.timesteps()), conditioning.tokens(), conditioning.mask(),
                                manager.create(gates, new Shape(batchSize, layout.size())));
                        NDArray target = manager.create(noised.target(), new Shape(batchSize, 3, size, size));
                        try (GradientCollector collector = trainer.newGradientCollector()) {
                            NDArray predicted = trainer.forward(inputs).head();
                            NDArray loss = predicted.sub(target).square().mean();
                            collector.backward(loss);
                            lossSum += loss.getFloat();
                            lossCount++;
                        }
                        trainer.step();
                    }
                    updateAverage(weights, averaged, emaDecay);
                    int done = step + 1;
                    if (done % 50 == 0) {
                        double perStep = (System.nanoTime() - began) / 1e9 / (done - start);
                        log("step %d/%d  loss %.4f  %.3f s/step  eta %.0f min", done, steps, lossSum / lossCount,
                                perStep, perStep * (steps - done) / 60);
                        lossSum = 0;
                        lossCount = 0;
                    }
                    if (done % checkpointEvery == 0 || done == steps) {
                        model.save(checkpoint.weights());
                        average.save(checkpoint.average());
                        checkpoint.write(done);
                        SampleSheet.write(average, prompts, schedule, work.resolve("samples-" + done + ".png"));
                        log("checkpoint at step %d", done);
                    }
                }
                preparing.shutdownNow();
            }
            average.save(out);
            writeMetrics(out, steps, batchSize, learningRate, emaDecay, seed, architecture.prediction());
            log("wrote the averaged model to %s", out);
        }
    }

    /**
     * A step's examples with their prompts already encoded: the next step's are prepared on another thread while the
     * network trains, since the sentence encoder costs about a third of a step.
     */
    private record Prepared(TrainingExamples.Batch batch, List<TokenStates> prompts) {

        static Prepared of(TrainingExamples examples, PromptEncoder encoder, int step, int batchSize) {
            TrainingExamples.Batch batch = examples.batch((long) step * batchSize, batchSize);
            return new Prepared(batch, encoder.encodeAll(batch.prompts()));
        }
    }

    private static Prepared await(Future<Prepared> prepared) {
        try {
            return prepared.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing a batch", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not prepare a batch", e.getCause());
        }
    }

    /** average ← average − (1 − decay)·(average − weights), in place. */
    private static void updateAverage(ParameterList weights, ParameterList averaged,
                                      double decay) {
        for (int p = 0; p < weights.size(); p++) {
            NDArray average = averaged.valueAt(p).getArray();
            NDArray difference = average.sub(weights.valueAt(p).getArray());
            difference.muli(1 - decay);
            average.subi(difference);
            difference.close();
        }
    }

    private static void writeMetrics(Path out, int steps, int batch, float learningRate, double emaDecay, long seed,
                                     Prediction prediction) {
        String json = String.format(Locale.ROOT, """
                {
                  "command": "./thalamus train-diffusion",
                  "steps": %d, "batch": %d, "learningRate": %s, "emaDecay": %s, "seed": %d,
                  "prediction": "%s", "threads": "%s"
                }
                """, steps, batch, learningRate, emaDecay, seed, prediction.key(),
                System.getProperty("ai.djl.pytorch.num_threads", "default"));
        try {
            Files.writeString(out.resolve("training.json"), json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[train-diffusion] " + format + "%n", args);
        System.out.flush();
    }

    /** Where a run keeps its checkpoint: the weights, their average and the step reached. */
    private record Checkpoint(Path work) {

        Path weights() {
            return work.resolve("weights");
        }

        Path average() {
            return work.resolve("average");
        }

        boolean exists() {
            return Files.exists(work.resolve("state.properties"));
        }

        int step() {
            return Integer.parseInt(SavedBlock.readProperties(work.resolve("state.properties"))
                    .getProperty("step", "0"));
        }

        void write(int step) {
            Properties state = new Properties();
            state.setProperty("step", Integer.toString(step));
            SavedBlock.writeProperties(work.resolve("state.properties"), state, "diffusion training progress");
        }
    }
}
