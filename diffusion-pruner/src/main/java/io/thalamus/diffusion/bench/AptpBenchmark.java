package io.thalamus.diffusion.bench;

import io.thalamus.diffusion.aptp.PromptRouter;
import io.thalamus.diffusion.data.Layout;
import io.thalamus.diffusion.data.PromptKind;
import io.thalamus.diffusion.data.PromptedImage;
import io.thalamus.diffusion.eval.CodeSetPlan;
import io.thalamus.diffusion.eval.FullModelPlan;
import io.thalamus.diffusion.eval.ImageGenerator;
import io.thalamus.diffusion.eval.PerPromptPlan;
import io.thalamus.diffusion.eval.ServingPlan;
import io.thalamus.diffusion.judge.AlignmentScore;
import io.thalamus.diffusion.judge.FrechetDistance;
import io.thalamus.diffusion.judge.ImageJudge;
import io.thalamus.diffusion.judge.Judgement;
import io.thalamus.diffusion.model.DdimSampler;
import io.thalamus.diffusion.model.DiffusionModel;
import io.thalamus.diffusion.model.GateLayout;
import io.thalamus.diffusion.model.MacCounter;
import io.thalamus.diffusion.model.NoiseSchedule;
import io.thalamus.diffusion.model.PromptEncoder;
import io.thalamus.diffusion.training.TrainingExamples;
import io.thalamus.model.CommandOptions;
import io.thalamus.model.DjlEnvironment;
import io.thalamus.model.EncoderOptions;
import io.thalamus.model.SentenceEncoder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compares four ways of serving the same prompts at the same offered load: (a) the full model, (b) one static
 * pruned model (a one-code router trained at the APTP mix's average MACs), (c) per-prompt dynamic pruning (every
 * prompt its own sub-network, batch 1) and (d) APTP (prompts routed to codes, batched per code). Reports
 * throughput, latency p50/p99, average MACs, the judge's prompt-alignment score and the Fréchet distance of judge
 * features to real renders of the same prompts; which prompt kinds land on which code; and, if a router trained
 * without the transport step is present, how it collapses. Ends with one line {@code alignment_drop=<points>
 * static_drop=<points> speedup_vs_dynamic=<x> macs_ratio=<r>}.
 *
 * <p>Options: quick (fewer prompts), prompts, rate (offered requests per second), max-wait-ms, steps (sampler),
 * guidance, base, aptp, static, no-transport (router folders), seed, out (JSON results), chart (SVG).
 */
public final class AptpBenchmark {

    private AptpBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        CommandOptions options = CommandOptions.of(args);
        boolean quick = options.flag("quick");
        int count = options.integer("prompts", quick ? 96 : 512);
        double rate = options.decimal("rate", 40);
        long maxWait = options.integer("max-wait-ms", 100);
        int steps = options.integer("steps", quick ? 20 : 25);
        float guidance = (float) options.decimal("guidance", 3);
        long seed = options.integer("seed", 2026);
        Path resources = Path.of("src/main/resources/diffusion");
        Path base = Path.of(options.text("base", resources.resolve("base").toString()));
        Path aptp = Path.of(options.text("aptp", resources.resolve("aptp-65").toString()));
        Path statics = Path.of(options.text("static", resources.resolve("static-65").toString()));
        Path noTransport = Path.of(options.text("no-transport", resources.resolve("aptp-65-no-transport").toString()));
        Path cache = Path.of("target/djl-cache");
        DjlEnvironment.prepare(cache);

        try (SentenceEncoder encoder = SentenceEncoder.fromClasspath(PromptEncoder.ENCODER,
                EncoderOptions.defaults(cache).withPredictors(1));
             DiffusionModel model = DiffusionModel.fromDirectory(base);
             ImageJudge judge = ImageJudge.fromClasspath()) {
            GateLayout layout = model.net().layout();
            PromptEncoder prompts = new PromptEncoder(encoder, 8192);
            MacCounter counter = new MacCounter(layout, 24);
            TrainingExamples.Batch heldOut = new TrainingExamples(seed, 0).batch(0, count);
            List<PromptedImage> examples = heldOut.examples();
            List<float[]> realFeatures = features(judge, toUnitRange(heldOut.images(), count));
            List<Layout> layouts = examples.stream().map(PromptedImage::layout).toList();
            log("%d held-out prompts, offered load %.1f requests/s, batches of up to 8 closed after %d ms, DDIM %d "
                    + "steps, guidance %.1f, %s PyTorch thread(s)", count, rate, maxWait, steps, guidance,
                    System.getProperty("ai.djl.pytorch.num_threads", "default"));

            List<Row> rows = new ArrayList<>();
            try (ImageGenerator generator = new ImageGenerator(model, prompts,
                    new DdimSampler(new NoiseSchedule(), steps, guidance), 16);
                 PromptRouter aptpRouter = PromptRouter.fromDirectory(aptp, layout);
                 PromptRouter staticRouter = PromptRouter.fromDirectory(statics, layout)) {
                List<DiffusionModel> tuned = new ArrayList<>();
                for (var router : List.of(Map.entry(aptp, aptpRouter), Map.entry(statics, staticRouter))) {
                    router.getValue().fineTunedCodes(router.getKey()).forEach((code, network) -> {
                        generator.pin(router.getValue().codes().get(code), network);
                        tuned.add(network);
                    });
                }
                log("%d fine-tuned code networks; codes without one are sliced from the base", tuned.size());
                List<ServingPlan> plans = List.of(new FullModelPlan(layout, 8),
                        new CodeSetPlan("static", staticRouter, prompts, 8),
                        new PerPromptPlan(aptpRouter, prompts, layout),
                        new CodeSetPlan("aptp", aptpRouter, prompts, 8));
                for (ServingPlan plan : plans) {
                    PlanMeasurement.Result result = PlanMeasurement.run(plan, generator, counter, examples, rate,
                            maxWait, seed);
                    List<Judgement> judgements = judge.judge(result.images());
                    AlignmentScore.Breakdown breakdown = AlignmentScore.breakdown(layouts, judgements);
                    double frechet = FrechetDistance.between(
                            judgements.stream().map(Judgement::features).toList(), realFeatures);
                    Row row = new Row(result, breakdown, frechet);
                    rows.add(row);
                    log("%-10s %s", plan.name(), row.line());
                    log("%-10s %s", plan.name(), breakdown.line());
                    if (plan.name().equals("aptp")) {
                        printCodeUse(aptpRouter, counter, examples, result.keys());
                    }
                }
                tuned.forEach(DiffusionModel::close);
                if (Files.isDirectory(noTransport)) {
                    try (PromptRouter collapsed = PromptRouter.fromDirectory(noTransport, layout)) {
                        CodeSetPlan plan = new CodeSetPlan("no-transport", collapsed, prompts, 8);
                        List<String> keys = examples.stream().map(e -> plan.key(e.prompt())).toList();
                        log("without the transport step (router in %s):", noTransport);
                        printCodeUse(collapsed, counter, examples, keys);
                    }
                }
            }
            Row full = rows.get(0);
            Row stat = rows.get(1);
            Row dynamic = rows.get(2);
            Row ours = rows.get(3);
            String summary = String.format(Locale.ROOT,
                    "alignment_drop=%.2f static_drop=%.2f speedup_vs_dynamic=%.2f macs_ratio=%.3f",
                    full.breakdown.alignment() - ours.breakdown.alignment(),
                    full.breakdown.alignment() - stat.breakdown.alignment(),
                    ours.result.throughput() / dynamic.result.throughput(), ours.result.averageMacs());
            write(Path.of(options.text("out", "target/bench-aptp.json")), rows, summary, count, rate, maxWait, steps);
            BenchChart.write(Path.of(options.text("chart", "target/bench-aptp.svg")), rows.stream()
                    .map(r -> new BenchChart.Bar(r.result.plan(), r.result.throughput(), r.breakdown.alignment(),
                            r.result.averageMacs())).toList());
            System.out.println(summary);
        }
    }

    private record Row(PlanMeasurement.Result result, AlignmentScore.Breakdown breakdown, double frechet) {

        String line() {
            return String.format(Locale.ROOT, "throughput %6.2f images/s  latency p50 %7.0f ms  p99 %7.0f ms  "
                            + "MACs %.3f  alignment %5.1f  Fréchet %6.1f", result.throughput(), result.p50Millis(),
                    result.p99Millis(), result.averageMacs(), breakdown.alignment(), frechet);
        }

        String json() {
            return String.format(Locale.ROOT, "{\"plan\": \"%s\", \"throughput\": %.3f, \"latencyP50Ms\": %.1f, "
                            + "\"latencyP99Ms\": %.1f, \"averageMacs\": %.4f, \"alignment\": %.2f, \"frechet\": %.2f}",
                    result.plan(), result.throughput(), result.p50Millis(), result.p99Millis(), result.averageMacs(),
                    breakdown.alignment(), frechet);
        }
    }

    /** Which prompt kinds went to which code, with each code's MACs. */
    private static void printCodeUse(PromptRouter router, MacCounter counter, List<PromptedImage> examples,
                                     List<String> keys) {
        int codes = router.codeCount();
        int[][] byKind = new int[PromptKind.values().length][codes];
        for (int i = 0; i < examples.size(); i++) {
            int code = Integer.parseInt(keys.get(i).substring("code-".length()));
            byKind[examples.get(i).layout().kind().ordinal()][code]++;
        }
        StringBuilder header = new StringBuilder("code MACs    ");
        for (int k = 0; k < codes; k++) {
            header.append(String.format(Locale.ROOT, " %5.2f", counter.ratio(router.codes().get(k))));
        }
        log("%s", header);
        for (PromptKind kind : PromptKind.values()) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-13s", kind.label()));
            for (int k = 0; k < codes; k++) {
                line.append(String.format(Locale.ROOT, " %5d", byKind[kind.ordinal()][k]));
            }
            log("%s", line);
        }
    }

    private static List<float[]> features(ImageJudge judge, List<float[]> images) {
        return judge.judge(images).stream().map(Judgement::features).toList();
    }

    /** Renders in [−1, 1], one array per image in [0, 1]. */
    private static List<float[]> toUnitRange(float[] images, int count) {
        int pixels = images.length / count;
        List<float[]> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            float[] image = Arrays.copyOfRange(images, i * pixels, (i + 1) * pixels);
            for (int p = 0; p < pixels; p++) {
                image[p] = (image[p] + 1) / 2;
            }
            list.add(image);
        }
        return list;
    }

    private static void write(Path file, List<Row> rows, String summary, int count, double rate, long maxWait,
                              int steps) {
        StringBuilder json = new StringBuilder();
        json.append(String.format(Locale.ROOT, "{\n  \"command\": \"./thalamus bench-aptp\",\n  \"prompts\": %d, "
                + "\"offeredLoad\": %.1f, \"maxWaitMs\": %d, \"samplerSteps\": %d,\n  \"threads\": \"%s\",\n"
                + "  \"plans\": [\n", count, rate, maxWait, steps,
                System.getProperty("ai.djl.pytorch.num_threads", "default")));
        for (int i = 0; i < rows.size(); i++) {
            json.append("    ").append(rows.get(i).json()).append(i + 1 < rows.size() ? ",\n" : "\n");
        }
        json.append("  ],\n  \"summary\": \"").append(summary).append("\"\n}\n");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[bench-aptp] " + format + "%n", args);
        System.out.flush();
    }
}
