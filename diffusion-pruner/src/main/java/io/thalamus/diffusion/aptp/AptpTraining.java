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
import ai.djl.util.PairList;
import io.thalamus.diffusion.data.PromptKind;
import io.thalamus.diffusion.data.PromptedImage;
import io.thalamus.diffusion.model.DiffusionModel;
import io.thalamus.diffusion.model.GateLayout;
import io.thalamus.diffusion.model.GatedUNet;
import io.thalamus.diffusion.model.MacCounter;
import io.thalamus.diffusion.model.NoiseSchedule;
import io.thalamus.diffusion.model.PromptBatch;
import io.thalamus.diffusion.model.PromptEncoder;
import io.thalamus.diffusion.model.SubNetwork;
import io.thalamus.diffusion.training.TrainingExamples;
import io.thalamus.model.CommandOptions;
import io.thalamus.model.DjlEnvironment;
import io.thalamus.model.EncoderOptions;
import io.thalamus.model.SentenceEncoder;
import io.thalamus.model.Standardisation;
import io.thalamus.model.SentenceEncoder.TokenStates;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Learns the APTP prompt router on a frozen base UNet: the head maps each prompt to gate logits, K codes are
 * learned alongside, and the loss is L_ddpm + 2·L_res + 100·L_cont + 0.2·L_distill + 0.2·L_block (+ the assignment
 * loss). For the first {@code warmup} steps a prompt's gates come from the head directly; after that from the code
 * the Sinkhorn-Knopp transport assigns it (or, with {@code --no-transport}, the plain argmax: the ablation that
 * shows the collapse). Only the head and the codes learn.
 *
 * <p>Options: steps, batch, codes, target (share of the full MACs), learning-rate, warmup, seed, base (folder of
 * the base model), out, no-transport.
 */
public final class AptpTraining {

    private static final double ASSIGNMENT_TEMPERATURE = 0.1;

    private final CommandOptions options;

    private AptpTraining(CommandOptions options) {
        this.options = options;
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        new AptpTraining(CommandOptions.of(args)).run();
    }

    private void run() {
        int steps = options.integer("steps", 3000);
        int batchSize = options.integer("batch", 32);
        int codeCount = options.integer("codes", 8);
        double target = options.decimal("target", 0.65);
        float learningRate = (float) options.decimal("learning-rate", 2e-3);
        int warmup = options.integer("warmup", 500);
        int logEvery = options.integer("log-every", 50);
        long seed = options.integer("seed", 7);
        boolean transport = !options.flag("no-transport");
        Path base = Path.of(options.text("base", "src/main/resources/diffusion/base"));
        Path out = Path.of(options.text("out", String.format(Locale.ROOT,
                "src/main/resources/diffusion/aptp-%02d", Math.round(target * 100))));
        DjlEnvironment.prepare(Path.of("target/djl-cache"));

        try (SentenceEncoder sentenceEncoder = SentenceEncoder.fromClasspath(PromptEncoder.ENCODER,
                EncoderOptions.defaults(Path.of("target/djl-cache")).withPredictors(1));
             DiffusionModel model = DiffusionModel.fromDirectory(base)) {
            GateLayout layout = model.net().layout();
            model.net().freezeParameters(true);
            PromptEncoder prompts = new PromptEncoder(sentenceEncoder, 4096);
            MacCounter counter = new MacCounter(layout, 24);
            double prunableTarget = counter.prunableTarget(target);
            ResourceRatio resources = new ResourceRatio(counter);
            TrainingExamples examples = new TrainingExamples(seed, 0);
            NoiseSchedule schedule = new NoiseSchedule();
            Random random = new Random(seed);
            int size = model.net().architecture().imageSize();
            log("target %.2f of the full MACs = %.3f of the prunable MACs; %d codes, transport %s", target,
                    prunableTarget, codeCount, transport);

            List<float[]> sample = new java.util.ArrayList<>();
            for (PromptedImage example : new TrainingExamples(seed + 99, 0).batch(0, 2000).examples()) {
                sample.add(PromptRouter.pooled(prompts.encode(example.prompt())));
            }
            try (PromptRouter router = PromptRouter.create(layout, codeCount, seed, seed * 1000 + 1, target,
                    Standardisation.of(sample))) {
                GateFunctions gates = router.gates();
                Tracker rate = update -> learningRate;
                DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                        .optOptimizer(Optimizer.adam().optLearningRateTracker(rate).build());
                int skipped = 0;
                try (Trainer trainer = router.model().newTrainer(config)) {
                    for (int step = 0; step < steps; step++) {
                        TrainingExamples.Batch batch = examples.batch((long) step * batchSize, batchSize);
                        List<TokenStates> states = prompts.encodeAll(batch.prompts());
                        NoiseSchedule.Noised noised = schedule.noise(batch.images(), batchSize, random,
                                model.net().architecture().prediction());
                        try (NDManager manager = router.model().getNDManager().newSubManager()) {
                            Step result = step(manager, trainer, router, gates, model, resources, states, noised,
                                    size, step >= warmup, transport, prunableTarget, random.nextLong());
                            skipped += result.applied() ? 0 : 1;
                            if ((step + 1) % logEvery == 0) {
                                log("step %d/%d  ddpm %.4f  res %.4f  cont %.4f  distill %.4f  block %.4f  "
                                                + "assign %.4f  ratio %.3f  codes %s  skipped %d", step + 1, steps,
                                        result.ddpm, result.resource, result.contrastive, result.distill,
                                        result.block, result.assignment,
                                        (counter.trunkMacs() + result.meanPrunable
                                                * counter.prunableMacs(SubNetwork.full(layout))) / counter.fullMacs(),
                                        java.util.Arrays.toString(result.usage), skipped);
                            }
                        }
                    }
                }
                router.save(out);
                report(router, prompts, counter, seed);
                log("wrote the router to %s", out);
            }
        }
    }

    private record Step(float ddpm, float resource, float contrastive, float distill, float block, float assignment,
                        double meanPrunable, int[] usage, boolean applied) {
    }

    /**
     * Whether every gradient of the head and the codes is finite. A step with a non-finite gradient is not applied
     * (its gradients are cleared) and is counted, as mixed-precision trainers skip overflowing steps.
     */
    private static boolean finite(PromptRouter router) {
        boolean finite = true;
        for (var parameter : router.block().getParameters().values()) {
            NDArray gradient = parameter.getArray().getGradient();
            if (gradient.isNaN().any().getBoolean() || gradient.isInfinite().any().getBoolean()) {
                finite = false;
            }
        }
        if (!finite) {
            for (var parameter : router.block().getParameters().values()) {
                NDArray gradient = parameter.getArray().getGradient();
                gradient.set(new float[(int) gradient.size()]);
            }
        }
        return finite;
    }

    private static Step step(NDManager manager, Trainer trainer, PromptRouter router, GateFunctions gates,
                             DiffusionModel model, ResourceRatio resources, List<TokenStates> states,
                             NoiseSchedule.Noised noised, int size, boolean fromCodes, boolean transport,
                             double prunableTarget, long noiseSeed) {
        int batch = states.size();
        int codeCount = router.codeCount();
        int dimension = router.promptDimension();
        float[] pooled = new float[batch * dimension];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(router.standardise(PromptRouter.pooled(states.get(b))), 0, pooled, b * dimension,
                    dimension);
        }
        NDArray z = manager.create(pooled, new Shape(batch, dimension));
        PromptBatch conditioning = PromptBatch.of(states, manager);
        NDArray noisy = manager.create(noised.noisy(), new Shape(batch, 3, size, size));
        NDArray timesteps = manager.create(noised.timesteps());
        NDArray target = manager.create(noised.target(), new Shape(batch, 3, size, size));
        ParameterStore frozen = new ParameterStore(manager, false);
        PairList<String, Object> withFeatures = new PairList<>();
        withFeatures.add(GatedUNet.BLOCK_FEATURES, true);
        NDList teacherOutputs = model.net().forward(frozen, new NDList(noisy, timesteps, conditioning.tokens(),
                conditioning.mask()), false, withFeatures);
        NDArray teacher = teacherOutputs.head().stopGradient();

        int[] usage = new int[codeCount];
        try (GradientCollector collector = trainer.newGradientCollector()) {
            NDList routed = trainer.forward(new NDList(z));
            NDArray logits = routed.get(0);
            NDArray promptGates = gates.soft(logits, gates.noise(manager, batch, noiseSeed));
            NDArray chosen = promptGates;
            NDArray assignmentLoss = manager.zeros(new Shape());
            if (fromCodes) {
                NDArray codeGates = gates.soft(routed.get(1), gates.noise(manager, codeCount, noiseSeed + 1));
                NDArray similarities = gates.similarityVectors(gates.hard(promptGates))
                        .matMul(gates.similarityVectors(gates.hard(codeGates)).transpose());
                NDArray plan = transport ? Sinkhorn.balance(similarities, Sinkhorn.EPSILON, Sinkhorn.ITERATIONS)
                        : similarities.stopGradient();
                int[] assigned = Sinkhorn.assign(plan);
                float[] oneHot = new float[batch * codeCount];
                for (int b = 0; b < batch; b++) {
                    oneHot[b * codeCount + assigned[b]] = 1;
                    usage[assigned[b]]++;
                }
                NDArray selection = manager.create(oneHot, new Shape(batch, codeCount));
                chosen = selection.matMul(codeGates);
                assignmentLoss = AptpLosses.assignment(similarities, selection, ASSIGNMENT_TEMPERATURE);
            }
            NDArray hard = gates.hard(chosen);
            NDList studentOutputs = model.net().forward(frozen, new NDList(noisy, timesteps, conditioning.tokens(),
                    conditioning.mask(), hard), false, withFeatures);
            NDArray student = studentOutputs.head();
            NDArray ddpm = student.sub(target).square().mean();
            NDArray distill = student.sub(teacher).square().mean();
            NDArray block = AptpLosses.blockDistillation(studentOutputs, teacherOutputs);
            NDArray ratios = resources.of(hard);
            NDArray resource = AptpLosses.resource(ratios, prunableTarget, codeCount > 1);
            NDArray contrastive = AptpLosses.contrastive(logits, z);
            NDArray loss = ddpm.add(resource.mul(2)).add(contrastive.mul(100)).add(distill.mul(0.2f))
                    .add(block.mul(0.2f)).add(assignmentLoss);
            collector.backward(loss);
            Step result = new Step(ddpm.getFloat(), resource.getFloat(), contrastive.getFloat(), distill.getFloat(),
                    block.getFloat(), assignmentLoss.getFloat(), ratios.mean().getFloat(), usage, finite(router));
            if (result.applied()) {
                trainer.step();
            }
            return result;
        }
    }

    /** Prints where held-out prompts land: each code's MACs, and the share of every prompt kind per code. */
    private static void report(PromptRouter router, PromptEncoder prompts, MacCounter counter, long seed) {
        List<SubNetwork> codes = router.codes();
        int[][] byKind = new int[PromptKind.values().length][codes.size()];
        int[] total = new int[codes.size()];
        TrainingExamples heldOut = new TrainingExamples(seed + 12345, 0);
        TrainingExamples.Batch batch = heldOut.batch(0, 512);
        double macs = 0;
        for (PromptedImage example : batch.examples()) {
            int code = router.route(prompts.encode(example.prompt()));
            byKind[example.layout().kind().ordinal()][code]++;
            total[code]++;
            macs += counter.ratio(codes.get(code));
        }
        for (int k = 0; k < codes.size(); k++) {
            log("code %d: %.3f of the full MACs, %d of 512 held-out prompts", k, counter.ratio(codes.get(k)),
                    total[k]);
        }
        for (PromptKind kind : PromptKind.values()) {
            log("%-13s %s", kind.label(), java.util.Arrays.toString(byKind[kind.ordinal()]));
        }
        log("average MACs of held-out prompts: %.3f of the full model", macs / batch.examples().size());
    }

    static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[train-aptp] " + format + "%n", args);
        System.out.flush();
    }
}
