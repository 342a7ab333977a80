package io.thalamus.diffusion.aptp;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.thalamus.diffusion.model.DiffusionModel;
import io.thalamus.diffusion.model.GateLayout;
import io.thalamus.diffusion.model.MacCounter;
import io.thalamus.diffusion.model.NoiseSchedule;
import io.thalamus.diffusion.model.PromptBatch;
import io.thalamus.diffusion.model.PromptEncoder;
import io.thalamus.diffusion.model.SubNetwork;
import io.thalamus.diffusion.training.TrainingExamples;
import io.thalamus.model.CommandOptions;
import io.thalamus.model.DjlEnvironment;
import io.thalamus.model.EncoderOptions;
import io.thalamus.model.SavedBlock;
import io.thalamus.model.SentenceEncoder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Cuts every code of a trained router out of the base model as a physically smaller network and fine-tunes it
 * briefly on the prompts the router sends to it, distilling the full model: loss = ‖y_code − y‖² + ‖y_code −
 * y_full‖² (y the training target). The prompts come from one pool of training examples routed once up front; a code
 * cycles through its share of the pool. Writes {@code code-<k>/} next to the router; a code no pooled prompt
 * reaches is only sliced.
 *
 * <p>With {@code shared}, the codes are fine-tuned together in one network that keeps all the base model's weights
 * instead: every prompt of the pool trains that network under its own code's gates (the masked full network computes
 * what the sliced code computes), so a weight shared by several codes learns from all of their prompts, and the codes
 * are sliced from it when served. Writes {@code shared/} next to the router, one file the size of the base model;
 * {@code steps} then counts steps of that one network.
 *
 * <p>Options: router (folder), base (folder), steps (per code, or in all when shared), batch, learning-rate, seed,
 * pool (training examples routed up front), resume (go on from the fine-tuned weights already written instead of
 * the base), shared.
 */
public final class CodeFineTuning {

    private CodeFineTuning() {
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        CommandOptions options = CommandOptions.of(args);
        Path routerDirectory = Path.of(options.text("router", "src/main/resources/diffusion/aptp-65"));
        Path base = Path.of(options.text("base", "src/main/resources/diffusion/base"));
        int steps = options.integer("steps", 300);
        int batchSize = options.integer("batch", 16);
        float learningRate = (float) options.decimal("learning-rate", 1e-4);
        long seed = options.integer("seed", 11);
        int pool = options.integer("pool", 16_384);
        boolean resume = options.flag("resume");
        boolean shared = options.flag("shared");
        Path cache = Path.of("target/djl-cache");
        DjlEnvironment.prepare(cache);

        try (SentenceEncoder encoder = SentenceEncoder.fromClasspath(PromptEncoder.ENCODER,
                EncoderOptions.defaults(cache).withPredictors(1));
             DiffusionModel full = DiffusionModel.fromDirectory(base)) {
            GateLayout layout = full.net().layout();
            full.net().freezeParameters(true);
            PromptEncoder prompts = new PromptEncoder(encoder, 8192);
            MacCounter counter = new MacCounter(layout, 24);
            NoiseSchedule schedule = new NoiseSchedule();
            try (PromptRouter router = PromptRouter.fromDirectory(routerDirectory, layout)) {
                List<SubNetwork> codes = router.codes();
                TrainingExamples examples = new TrainingExamples(seed, 0);
                List<List<Long>> shares = shares(router, prompts, examples, pool);
                if (shared) {
                    Path folder = routerDirectory.resolve(PromptRouter.SHARED_FOLDER);
                    try (DiffusionModel network = DiffusionModel.fromDirectory(resume ? folder : base)) {
                        SavedBlock.recordGradients(network.net());
                        log("one network for all %d codes%s", codes.size(), resume ? ", going on from " + folder : "");
                        tuneShared(network, full, examples, codes, shares, prompts, schedule, steps, batchSize,
                                learningRate, seed);
                        network.save(folder);
                    }
                    return;
                }
                for (int k = 0; k < codes.size(); k++) {
                    Path folder = routerDirectory.resolve(PromptRouter.codeFolder(k));
                    try (DiffusionModel code = resume ? tuned(folder, codes.get(k)) : DiffusionModel.slice(full,
                            codes.get(k))) {
                        log("code %d: %.3f of the full MACs%s", k, counter.ratio(codes.get(k)),
                                resume ? ", going on from " + folder : "");
                        tune(k, code, full, examples, shares.get(k), prompts, schedule, steps, batchSize,
                                learningRate, seed);
                        code.save(folder);
                    }
                }
            }
        }
    }

    /** A code fine-tuned before, ready to train on. */
    private static DiffusionModel tuned(Path folder, SubNetwork code) {
        DiffusionModel model = DiffusionModel.fromDirectory(folder);
        if (!model.net().structure().equals(code)) {
            model.close();
            throw new IllegalStateException(folder + " is not the sub-network of this code; fine-tune without resume");
        }
        SavedBlock.recordGradients(model.net());
        return model;
    }

    /** The indices of the pooled training examples that the router sends to each code. */
    private static List<List<Long>> shares(PromptRouter router, PromptEncoder prompts, TrainingExamples examples,
                                           int pool) {
        List<List<Long>> shares = new ArrayList<>();
        for (int k = 0; k < router.codeCount(); k++) {
            shares.add(new ArrayList<>());
        }
        for (long index = 0; index < pool; index++) {
            String prompt = examples.prompt(index);
            shares.get(router.route(prompts.encode(prompt))).add(index);
        }
        for (int k = 0; k < shares.size(); k++) {
            log("code %d: %d of %d pooled prompts", k, shares.get(k).size(), pool);
        }
        return shares;
    }

    private static void tune(int k, DiffusionModel code, DiffusionModel full, TrainingExamples examples,
                             List<Long> share, PromptEncoder prompts, NoiseSchedule schedule, int steps,
                             int batchSize, float learningRate, long seed) {
        if (share.isEmpty()) {
            log("code %d: no pooled prompt goes to this code; it stays as sliced", k);
            return;
        }
        Distillation distillation = new Distillation(code, full, prompts, schedule, new Random(seed * 31 + k));
        int batch = Math.min(batchSize, share.size());
        int next = 0;
        double lossSum = 0;
        try (Trainer trainer = code.model().newTrainer(trainingConfig(learningRate))) {
            for (int step = 0; step < steps; step++) {
                List<Long> drawn = new ArrayList<>(batch);
                for (int b = 0; b < batch; b++) {
                    drawn.add(share.get(next++ % share.size()));
                }
                lossSum += distillation.step(trainer, examples, drawn, null);
                if ((step + 1) % 50 == 0) {
                    log("code %d step %d/%d  loss %.4f", k, step + 1, steps, lossSum / 50);
                    lossSum = 0;
                }
            }
        }
    }

    /** Trains the one shared network: each pooled prompt under the gates of the code the router sends it to. */
    private static void tuneShared(DiffusionModel network, DiffusionModel full, TrainingExamples examples,
                                   List<SubNetwork> codes, List<List<Long>> shares, PromptEncoder prompts,
                                   NoiseSchedule schedule, int steps, int batchSize, float learningRate, long seed) {
        Map<Long, float[]> gatesOf = new TreeMap<>();
        for (int k = 0; k < codes.size(); k++) {
            float[] gates = codes.get(k).gates();
            shares.get(k).forEach(index -> gatesOf.put(index, gates));
        }
        List<Long> pool = new ArrayList<>(gatesOf.keySet());
        Distillation distillation = new Distillation(network, full, prompts, schedule, new Random(seed * 31));
        int gateCount = codes.get(0).layout().size();
        int next = 0;
        double lossSum = 0;
        try (Trainer trainer = network.model().newTrainer(trainingConfig(learningRate))) {
            for (int step = 0; step < steps; step++) {
                List<Long> drawn = new ArrayList<>(batchSize);
                float[] gates = new float[batchSize * gateCount];
                for (int b = 0; b < batchSize; b++) {
                    long index = pool.get(next++ % pool.size());
                    drawn.add(index);
                    System.arraycopy(gatesOf.get(index), 0, gates, b * gateCount, gateCount);
                }
                lossSum += distillation.step(trainer, examples, drawn, gates);
                if ((step + 1) % 50 == 0) {
                    log("shared step %d/%d  loss %.4f", step + 1, steps, lossSum / 50);
                    lossSum = 0;
                }
            }
        }
    }

    private static DefaultTrainingConfig trainingConfig(float learningRate) {
        Tracker rate = update -> learningRate;
        return new DefaultTrainingConfig(Loss.l2Loss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(rate).build());
    }

    /** One training step: loss = ‖y_student − y‖² + ‖y_student − y_full‖² on noised training examples. */
    private record Distillation(DiffusionModel student, DiffusionModel full, PromptEncoder prompts,
                                NoiseSchedule schedule, Random random) {

        /** @param gates the student's gates per example (batch × gates), or null for a network without gates */
        float step(Trainer trainer, TrainingExamples examples, List<Long> indices, float[] gates) {
            int batch = indices.size();
            int size = student.net().architecture().imageSize();
            int pixels = 3 * size * size;
            List<String> texts = new ArrayList<>(batch);
            float[] images = new float[batch * pixels];
            for (int b = 0; b < batch; b++) {
                TrainingExamples.Batch drawn = examples.batch(indices.get(b), 1);
                System.arraycopy(drawn.images(), 0, images, b * pixels, pixels);
                texts.add(drawn.prompts().get(0));
            }
            NoiseSchedule.Noised noised = schedule.noise(images, batch, random, full.net().architecture().prediction());
            try (NDManager manager = student.model().getNDManager().newSubManager()) {
                PromptBatch conditioning = PromptBatch.of(prompts.encodeAll(texts), manager);
                NDList inputs = new NDList(manager.create(noised.noisy(), new Shape(batch, 3, size, size)),
                        manager.create(noised.timesteps()), conditioning.tokens(), conditioning.mask());
                NDArray teacher = full.net().forward(new ParameterStore(manager, false), inputs, false).head()
                        .stopGradient();
                if (gates != null) {
                    inputs.add(manager.create(gates, new Shape(batch, gates.length / batch)));
                }
                NDArray target = manager.create(noised.target(), new Shape(batch, 3, size, size));
                float loss;
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDArray predicted = trainer.forward(inputs).head();
                    NDArray value = predicted.sub(target).square().mean().add(predicted.sub(teacher).square().mean());
                    collector.backward(value);
                    loss = value.getFloat();
                }
                trainer.step();
                return loss;
            }
        }
    }

    private static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[tune-codes] " + format + "%n", args);
        System.out.flush();
    }
}
