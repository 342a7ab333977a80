package io.thalamus.router.classification;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.thalamus.api.Json;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * {@code eval-routing FILE.tsv}: runs the production classifier in-process over a labelled file
 * (same columns as the training file; every row of an image task gets an image attached) and
 * prints forced-choice and selective accuracy overall, per task and per source, the confusion
 * matrices, the abstention rate and the classification latency, ending with
 * {@code macro_accuracy=… routed_accuracy=… abstain_rate=…}.
 *
 * <p>Options after the file: {@code --threshold=<0..1>} (default: the trained one),
 * {@code --image-tasks=vqa}, {@code --threads=1} (encoder predictors; requests are classified one at a time), {@code --warmup=200}
 * (requests classified once before timing), {@code --json=<file>} (metrics as JSON).
 */
public final class RoutingEvaluation {

    private RoutingEvaluation() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args[0].startsWith("--")) {
            System.err.println("usage: eval-routing FILE.tsv [--threshold=0.9] [--image-tasks=vqa] [--threads=1]"
                    + " [--warmup=200] [--json=metrics.json]");
            System.exit(2);
        }
        Map<String, String> options = new LinkedHashMap<>(Map.of(
                "threshold", "-1", "image-tasks", "vqa", "threads", "1", "warmup", "200", "json", ""));
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0 || !options.containsKey(arg.substring(2, eq))) {
                System.err.println("unknown argument '" + arg + "'; options: " + options.keySet());
                System.exit(2);
            }
            options.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        Path file = Path.of(args[0]);
        List<RoutingExample> examples = RoutingDataset.read(file, Set.of(options.get("image-tasks").split(",")));
        if (examples.isEmpty()) {
            System.err.println(file + " has no rows");
            System.exit(2);
        }
        long loadStart = System.nanoTime();
        Path cache = Path.of(System.getProperty("thalamus.build.dir", System.getProperty("java.io.tmpdir")), "djl-cache");
        try (TaskClassifier classifier = TaskClassifier.load(Double.parseDouble(options.get("threshold")),
                Integer.parseInt(options.get("threads")), cache)) {
            System.out.printf("classifier loaded in %.1f s: tasks %s, encoder %s, temperature %.3f, threshold %.3f%n",
                    (System.nanoTime() - loadStart) / 1e9, classifier.tasks(),
                    classifier.model().header().features().encoder(), classifier.model().header().temperature(),
                    classifier.threshold());
            int warmup = Math.min(Integer.parseInt(options.get("warmup")), examples.size());
            for (int i = 0; i < warmup; i++) {
                classifier.classify(examples.get(i).text(), examples.get(i).hasImage());
            }
            double[][] probabilities = new double[examples.size()][];
            long[] latency = new long[examples.size()];
            for (int i = 0; i < examples.size(); i++) {
                RoutingExample example = examples.get(i);
                long start = System.nanoTime();
                probabilities[i] = classifier.probabilities(example.text(), example.hasImage());
                latency[i] = System.nanoTime() - start;
            }
            List<String> tasks = classifier.tasks().stream().map(t -> t.value()).toList();
            RoutingReport report = new RoutingReport(examples, tasks, probabilities, classifier.threshold(), latency);
            System.out.println("file: " + file);
            report.print(System.out);
            long[] textOnly = IntStream.range(0, examples.size()).filter(i -> !examples.get(i).hasImage())
                    .mapToLong(i -> latency[i]).toArray();
            System.out.printf("latency ms, text-only requests (%d, the ones that run the encoder): p50 %.3f  p95 %.3f  p99 %.3f%n",
                    textOnly.length, RoutingReport.percentileMillis(textOnly, 50),
                    RoutingReport.percentileMillis(textOnly, 95), RoutingReport.percentileMillis(textOnly, 99));
            if (!options.get("json").isEmpty()) {
                Files.writeString(Path.of(options.get("json")), Json.newMapper().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(report.toMap()) + "\n", StandardCharsets.UTF_8);
            }
            System.out.println(report.summaryLine());
        }
    }
}
