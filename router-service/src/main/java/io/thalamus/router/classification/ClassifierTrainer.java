package io.thalamus.router.classification;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.thalamus.api.Json;
import io.thalamus.model.Pooling;
import io.thalamus.model.SentenceEncoder;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Trains the task classifier: validates it by holding out one whole source at a time, calibrates a
 * temperature and picks the confidence threshold on those held-out predictions, then fits the
 * production weights on all data and writes them with the metrics.
 *
 * <p>Arguments ({@code --name=value}, all optional): {@code data}, {@code out}, {@code cache},
 * {@code validate} (true), {@code write} (true) and the hyper-parameters listed in {@link #DEFAULTS}.
 */
public final class ClassifierTrainer {

    static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("data", "../shared/data/routing/routing-train.tsv");
        d.put("out", "router-service/src/main/resources/classifier");
        d.put("cache", "router-service/target/classifier-cache");
        d.put("image-tasks", "vqa");
        d.put("encoder", "all-minilm-l6-v2-q");
        d.put("pooling", "mean");
        d.put("max-tokens", "128");
        d.put("hash-bits", "18");
        d.put("word-ngrams", "2");
        d.put("char-min", "3");
        d.put("char-max", "5");
        d.put("embedding-scale", "1");
        d.put("word-scale", "1");
        d.put("char-scale", "1");
        d.put("shape-scale", "0.5");
        d.put("image-scale", "1");
        d.put("style-scale", "0.5");
        d.put("l2", "3e-5");
        d.put("iterations", "300");
        d.put("source-power", "1");
        d.put("target-routed", "0.997");
        d.put("max-abstain", "0.03");
        d.put("validate", "true");
        d.put("baseline", "true");
        d.put("baseline-only", "false");
        d.put("write", "true");
        d.put("errors", "");
        d.put("folds", "");
        d.put("scifact", "../shared/data/beir-scifact");
        d.put("scifact-weight", "0.5");
        d.put("fragments", "0.3");
        d.put("variants", "0.5");
        d.put("prompt-style", "0.5");
        d.put("title-case", "0.5");
        d.put("seed", "42");
        d.put("threads", "2");
        return d;
    }

    private final Map<String, String> options;

    ClassifierTrainer(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(DEFAULTS);
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("arguments look like --name=value; got '" + arg + "'");
            }
            String name = arg.substring(2, arg.indexOf('='));
            if (!DEFAULTS.containsKey(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "; known: " + DEFAULTS.keySet());
            }
            options.put(name, arg.substring(arg.indexOf('=') + 1));
        }
        new ClassifierTrainer(options).run();
    }

    private String opt(String name) {
        return options.get(name);
    }

    private double num(String name) {
        return Double.parseDouble(options.get(name));
    }

    private int integer(String name) {
        return Integer.parseInt(options.get(name));
    }

    void run() throws Exception {
        long started = System.nanoTime();
        Set<String> imageTasks = new TreeSet<>(List.of(opt("image-tasks").split(",")));
        Path data = Path.of(opt("data"));
        List<RoutingExample> examples = RoutingDataset.read(data, imageTasks);
        List<String> tasks = new ArrayList<>(new TreeSet<>(examples.stream().map(RoutingExample::task).toList()));
        System.out.printf("%d examples, tasks %s, options %s%n", examples.size(), tasks, options);

        boolean useEncoder = !opt("encoder").equals("none");
        Pooling pooling = Pooling.valueOf(opt("pooling").toUpperCase(java.util.Locale.ROOT));
        String encoderName = useEncoder ? TaskClassifier.encoderName(opt("encoder"), pooling) : "";
        FeatureConfig config = new FeatureConfig(encoderName, integer("max-tokens"), integer("hash-bits"),
                integer("word-ngrams"), integer("char-min"), integer("char-max"),
                useEncoder ? (float) num("embedding-scale") : 0f, (float) num("word-scale"),
                (float) num("char-scale"), (float) num("shape-scale"), (float) num("image-scale"),
                (float) num("style-scale"));

        Map<String, Object> metrics = new LinkedHashMap<>();
        Map<String, Object> baseline = null;
        if (Boolean.parseBoolean(opt("baseline")) || Boolean.parseBoolean(opt("baseline-only"))) {
            baseline = naiveBayesBaseline(examples, tasks, imageTasks);
            if (Boolean.parseBoolean(opt("baseline-only"))) {
                return;
            }
        }

        List<RoutingExample> all = new ArrayList<>(examples);
        List<Double> multipliers = new ArrayList<>(java.util.Collections.nCopies(examples.size(), 1.0));
        if (!opt("scifact").isEmpty() && num("scifact-weight") > 0) {
            Set<String> known = new java.util.HashSet<>(examples.stream().map(RoutingExample::text).toList());
            List<RoutingExample> extra = TrainingAugmentation.scifact(Path.of(opt("scifact")), known);
            all.addAll(extra);
            multipliers.addAll(java.util.Collections.nCopies(extra.size(), num("scifact-weight")));
            System.out.printf("added %d SciFact claims and titles as retrieval training text%n", extra.size());
            if (num("title-case") > 0) {
                List<RoutingExample> titles = TrainingAugmentation.titleCase(extra, "scifact_corpus_titles");
                all.addAll(titles);
                multipliers.addAll(java.util.Collections.nCopies(titles.size(), num("title-case")));
                System.out.printf("added %d Title Case copies of the SciFact titles%n", titles.size());
            }
        }
        if (num("fragments") > 0) {
            List<RoutingExample> fragments = TrainingAugmentation.fragments(examples, Long.parseLong(opt("seed")));
            all.addAll(fragments);
            multipliers.addAll(java.util.Collections.nCopies(fragments.size(), num("fragments")));
            System.out.printf("added %d one/two-word fragments of text-only requests%n", fragments.size());
        }

        if (num("variants") > 0) {
            List<RoutingExample> variants = TrainingAugmentation.variants(examples, Long.parseLong(opt("seed")));
            all.addAll(variants);
            multipliers.addAll(java.util.Collections.nCopies(variants.size(), num("variants")));
            System.out.printf("added %d plain-style variants (lower case, no punctuation, truncated)%n", variants.size());
        }

        if (num("prompt-style") > 0) {
            List<RoutingExample> prompts = TrainingAugmentation.promptStyle(examples, "text-to-image", Long.parseLong(opt("seed")));
            all.addAll(prompts);
            multipliers.addAll(java.util.Collections.nCopies(prompts.size(), num("prompt-style")));
            System.out.printf("added %d prompt-style variants of text-to-image requests (modifiers, media, painters)%n", prompts.size());
        }

        Map<String, float[]> vectors = Map.of();
        int dimension = 0;
        if (useEncoder) {
            EmbeddingCache cache = EmbeddingCache.open(Path.of(opt("cache")), encoderName, config.maxTokens());
            int threads = integer("threads");
            try (SentenceEncoder encoder = TaskClassifier.encoderFor(config, threads, Path.of(opt("cache")))) {
                // Image requests are never embedded: their task follows from the image alone.
                vectors = cache.embedAll(all.stream().filter(e -> !e.hasImage()).map(RoutingExample::text).toList(),
                        encoder, threads);
                dimension = encoder.dimension() > 0 ? encoder.dimension() : encoder.embed("dimension probe").length;
            }
            cache.save();
        }

        ClassifierModel.Header header = new ClassifierModel.Header(1, tasks, List.copyOf(imageTasks), config,
                dimension, 1.0, 0.5, Map.of());
        TextFeatures textFeatures = new TextFeatures(config);
        double[] weights = rowWeights(all, tasks);
        List<TrainingRow> rows = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            RoutingExample example = all.get(i);
            boolean[] possible = possible(header, example.hasImage());
            if (count(possible) <= 1) {
                // Only one task is possible (an image request): nothing to learn from it.
                rows.add(null);
                continue;
            }
            float[] dense = ClassifierModel.denseFeatures(config, vectors.get(example.text()), dimension, example.hasImage());
            rows.add(new TrainingRow(tasks.indexOf(example.task()), weights[i] * multipliers.get(i), dense,
                    textFeatures.extract(example.text()), possible));
        }

        double temperature = 1.0;
        double threshold = 0.5;
        if (Boolean.parseBoolean(opt("validate"))) {
            double[][] heldOutLogits = leaveOneSourceOut(all, examples.size(), rows, tasks, header);
            ClassifierModel shape = ClassifierModel.fromParameters(header, new double[new SoftmaxRegression(
                    tasks.size(), ClassifierModel.denseSize(dimension), config.buckets(), 0, 0).parameterCount()]);
            if (!opt("folds").isEmpty()) {
                System.out.println("only some sources held out (--folds): no calibration, nothing written but the"
                        + " errors (temperature 1, threshold 0.5)");
                if (!opt("errors").isEmpty()) {
                    Set<String> folds = Set.of(opt("folds").split(","));
                    writeErrors(Path.of(opt("errors")), examples, tasks,
                            Calibration.probabilities(shape, examples, heldOutLogits, 1.0), 0.5,
                            example -> folds.contains(example.source()));
                }
                return;
            }
            temperature = Calibration.fitTemperature(shape, examples, heldOutLogits);
            double[][] probabilities = Calibration.probabilities(shape, examples, heldOutLogits, temperature);
            threshold = Calibration.chooseThreshold(examples, tasks, probabilities, num("target-routed"), num("max-abstain"));
            RoutingReport report = new RoutingReport(examples, tasks, probabilities, threshold, null);
            System.out.println();
            System.out.printf("=== held-out sources (leave one source out), temperature %.3f ===%n", temperature);
            report.print(System.out);
            System.out.println(report.summaryLine());
            metrics.put("protocol", "leave-one-source-out: each source is predicted by a model trained without it;"
                    + " temperature and threshold are fitted on these held-out predictions");
            metrics.put("temperature", RoutingReport.round(temperature));
            metrics.put("held_out", report.toMap());
            metrics.put("held_out_summary", report.summaryLine());
            if (baseline != null) {
                metrics.put("naive_bayes_baseline", baseline);
            }
            if (!opt("errors").isEmpty()) {
                writeErrors(Path.of(opt("errors")), examples, tasks, probabilities, threshold, example -> true);
            }
        }

        if (Boolean.parseBoolean(opt("write"))) {
            SoftmaxRegression regression = regression(tasks, dimension, config);
            long fitStart = System.nanoTime();
            SoftmaxRegression.Fit fit = regression.fit(rows.stream().filter(java.util.Objects::nonNull).toList());
            System.out.printf("%nfinal fit on all %d examples: %d iterations, loss %.5f, %.0f s%n",
                    rows.size(), fit.iterations(), fit.loss(), (System.nanoTime() - fitStart) / 1e9);
            Map<String, Object> training = new LinkedHashMap<>();
            training.put("data", data.getFileName().toString());
            training.put("examples", examples.size());
            training.put("extra_training_rows", rows.size() - examples.size());
            training.put("options", options);
            ClassifierModel model = ClassifierModel.fromParameters(header, fit.parameters())
                    .withCalibration(temperature, threshold)
                    .withTraining(training);
            double[][] trainProbabilities = new double[examples.size()][];
            for (int i = 0; i < examples.size(); i++) {
                double[] logits = rows.get(i) == null ? new double[tasks.size()]
                        : model.logits(rows.get(i).dense(), rows.get(i).sparse());
                trainProbabilities[i] = model.probabilities(logits, examples.get(i).hasImage(), temperature, null);
            }
            RoutingReport trainReport = new RoutingReport(examples, tasks, trainProbabilities, threshold, null);
            System.out.println("training-set fit (not a generalisation estimate): " + trainReport.summaryLine());
            metrics.put("training_fit_summary", trainReport.summaryLine());
            metrics.put("training", training);

            Path out = Path.of(opt("out"));
            Files.createDirectories(out);
            try (OutputStream stream = Files.newOutputStream(out.resolve(TaskClassifier.MODEL_RESOURCE_NAME))) {
                model.write(stream);
            }
            Files.writeString(out.resolve("metrics.json"), Json.newMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(metrics) + "\n", StandardCharsets.UTF_8);
            System.out.printf("wrote %s (%d bytes) and %s%n", out.resolve(TaskClassifier.MODEL_RESOURCE_NAME),
                    Files.size(out.resolve(TaskClassifier.MODEL_RESOURCE_NAME)), out.resolve("metrics.json"));
        }
        System.out.printf("done in %.0f s%n", (System.nanoTime() - started) / 1e9);
    }

    /**
     * The spec's reference baseline (bag-of-words Naive Bayes + image rule) under the same
     * leave-one-source-out protocol, and on random folds (sources seen) for comparison.
     */
    private Map<String, Object> naiveBayesBaseline(List<RoutingExample> examples, List<String> tasks,
            Set<String> imageTasks) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("model", "multinomial Naive Bayes, bag of lower-cased words, Laplace smoothing 1, class priors from"
                + " the training counts, image rule; trained on the routing rows only (no extra training text)");
        double[][] loso = NaiveBayesBaseline.leaveOneSourceOut(examples, tasks, imageTasks, 1.0);
        double threshold = Calibration.chooseThreshold(examples, tasks, loso, num("target-routed"), num("max-abstain"));
        RoutingReport report = new RoutingReport(examples, tasks, loso, threshold, null);
        System.out.println();
        System.out.println("=== Naive Bayes baseline, held-out sources (leave one source out) ===");
        report.print(System.out);
        System.out.println("naive Bayes LOSO: " + report.summaryLine());
        result.put("held_out", report.toMap());
        result.put("held_out_summary", report.summaryLine());
        double[][] random = NaiveBayesBaseline.randomFolds(examples, tasks, imageTasks, 1.0, 5, Long.parseLong(opt("seed")));
        double randomThreshold = Calibration.chooseThreshold(examples, tasks, random, num("target-routed"), num("max-abstain"));
        RoutingReport randomReport = new RoutingReport(examples, tasks, random, randomThreshold, null);
        System.out.println("naive Bayes 5-fold random split (sources seen in training): " + randomReport.summaryLine());
        result.put("random_5_fold_summary", randomReport.summaryLine());
        result.put("random_5_fold_macro_accuracy", RoutingReport.round(randomReport.macroAccuracy()));
        System.out.println();
        return result;
    }

    private SoftmaxRegression regression(List<String> tasks, int dimension, FeatureConfig config) {
        return new SoftmaxRegression(tasks.size(), ClassifierModel.denseSize(dimension), config.buckets(),
                num("l2"), integer("iterations"));
    }

    /**
     * Each task gets the same total weight; inside a task a source of {@code n} rows weighs
     * {@code n^(1-power)}, so small sources are not drowned by large ones.
     */
    private double[] rowWeights(List<RoutingExample> examples, List<String> tasks) {
        double power = num("source-power");
        Map<String, Integer> perSource = new HashMap<>();
        examples.forEach(e -> perSource.merge(e.source(), 1, Integer::sum));
        double[] weights = new double[examples.size()];
        Map<String, Double> taskTotals = new HashMap<>();
        for (int i = 0; i < examples.size(); i++) {
            weights[i] = Math.pow(perSource.get(examples.get(i).source()), -power);
            taskTotals.merge(examples.get(i).task(), weights[i], Double::sum);
        }
        double perTask = (double) examples.size() / tasks.size();
        for (int i = 0; i < examples.size(); i++) {
            weights[i] *= perTask / taskTotals.get(examples.get(i).task());
        }
        return weights;
    }

    /**
     * Held-out logits for the first {@code scored} examples (the others are training-only extras):
     * each source is predicted by a model trained without it. Examples with only one possible task
     * get zero logits (their probability is 1 whatever the logits). Folds run in parallel.
     */
    private double[][] leaveOneSourceOut(List<RoutingExample> examples, int scored, List<TrainingRow> rows,
            List<String> tasks, ClassifierModel.Header header) throws Exception {
        double[][] logits = new double[scored][];
        for (int i = 0; i < scored; i++) {
            logits[i] = new double[tasks.size()];
        }
        Set<String> sources = new TreeSet<>();
        for (int i = 0; i < scored; i++) {
            if (rows.get(i) != null) {
                sources.add(examples.get(i).source());
            }
        }
        if (!opt("folds").isEmpty()) {
            sources = new TreeSet<>(List.of(opt("folds").split(",")));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(integer("threads"));
        try {
            List<java.util.concurrent.Future<?>> folds = new ArrayList<>();
            for (String source : sources) {
                folds.add(pool.submit(() -> {
                    holdOut(source, examples, scored, rows, tasks, header, logits);
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> fold : folds) {
                fold.get();
            }
        } finally {
            pool.shutdown();
        }
        return logits;
    }

    private void holdOut(String source, List<RoutingExample> examples, int scored, List<TrainingRow> rows,
            List<String> tasks, ClassifierModel.Header header, double[][] logits) {
        long start = System.nanoTime();
        List<TrainingRow> train = new ArrayList<>();
        List<Integer> heldOut = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i) == null) {
                continue;
            }
            if (examples.get(i).source().equals(source)) {
                if (i < scored) {
                    heldOut.add(i);
                }
            } else {
                train.add(rows.get(i));
            }
        }
        SoftmaxRegression regression = regression(tasks, header.embeddingDimension(), header.features());
        SoftmaxRegression.Fit fit = regression.fit(train);
        int correct = 0;
        for (int i : heldOut) {
            double[] z = new double[tasks.size()];
            regression.logits(fit.parameters(), rows.get(i).dense(), rows.get(i).sparse(), z);
            logits[i] = z;
            double[] p = ClassifierModel.softmax(z, 1, rows.get(i).possible());
            if (RoutingReport.argmax(p) == rows.get(i).label()) {
                correct++;
            }
        }
        System.out.printf("held out %-34s n=%5d forced accuracy %.4f  (%d iterations, %.0f s)%n", source,
                heldOut.size(), (double) correct / heldOut.size(), fit.iterations(), (System.nanoTime() - start) / 1e9);
    }

    private static int count(boolean[] flags) {
        int n = 0;
        for (boolean flag : flags) {
            n += flag ? 1 : 0;
        }
        return n;
    }

    private static boolean[] possible(ClassifierModel.Header header, boolean hasImage) {
        boolean[] possible = new boolean[header.tasks().size()];
        for (int k = 0; k < possible.length; k++) {
            possible[k] = hasImage == header.imageTasks().contains(header.tasks().get(k));
        }
        return possible;
    }

    private static void writeErrors(Path file, List<RoutingExample> examples, List<String> tasks,
            double[][] probabilities, double threshold, java.util.function.Predicate<RoutingExample> held)
            throws IOException {
        try (PrintStream out = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8)) {
            for (int i = 0; i < examples.size(); i++) {
                if (!held.test(examples.get(i))) {
                    continue;
                }
                int best = RoutingReport.argmax(probabilities[i]);
                boolean wrong = !tasks.get(best).equals(examples.get(i).task());
                boolean abstain = probabilities[i][best] < threshold;
                if (wrong || abstain) {
                    out.printf("%s\t%s\t%s\t%.3f\t%s\t%s%n", wrong ? (abstain ? "wrong-abstained" : "WRONG") : "abstained",
                            examples.get(i).task(), tasks.get(best), probabilities[i][best], examples.get(i).source(),
                            examples.get(i).text());
                }
            }
        }
    }
}
