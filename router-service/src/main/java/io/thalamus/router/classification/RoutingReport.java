package io.thalamus.router.classification;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Accuracy of task predictions on labelled requests: forced choice (always the most likely task)
 * and selective (only requests whose confidence reaches the threshold are routed; the rest are
 * abstentions), overall, per task, per source, with confusion matrices and latency percentiles.
 */
public final class RoutingReport {

    /** Counts for one group of requests (a task, a source, or everything). */
    public static final class Tally {
        int requests;
        int forcedCorrect;
        int routed;
        int routedCorrect;

        void add(boolean correct, boolean route) {
            requests++;
            if (correct) {
                forcedCorrect++;
            }
            if (route) {
                routed++;
                if (correct) {
                    routedCorrect++;
                }
            }
        }

        public int requests() {
            return requests;
        }

        public double forcedAccuracy() {
            return requests == 0 ? Double.NaN : (double) forcedCorrect / requests;
        }

        public double routedAccuracy() {
            return routed == 0 ? Double.NaN : (double) routedCorrect / routed;
        }

        public double abstainRate() {
            return requests == 0 ? Double.NaN : 1 - (double) routed / requests;
        }

        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("requests", requests);
            map.put("forced_accuracy", round(forcedAccuracy()));
            map.put("routed_accuracy", round(routedAccuracy()));
            map.put("abstain_rate", round(abstainRate()));
            return map;
        }
    }

    private final List<String> tasks;
    private final double threshold;
    private final Tally overall = new Tally();
    private final Map<String, Tally> byTask = new LinkedHashMap<>();
    private final Map<String, Tally> bySource = new TreeMap<>();
    private final Map<String, String> sourceTask = new TreeMap<>();
    private final int[][] forcedConfusion;
    private final int[][] selectiveConfusion;
    private final long[] latencyNanos;

    /**
     * @param tasks         the classifier's tasks, in the order of the probability vectors
     * @param probabilities per request, the calibrated probability of each task
     * @param latencyNanos  per request classification time, or null when not measured
     */
    public RoutingReport(List<RoutingExample> examples, List<String> tasks, double[][] probabilities,
            double threshold, long[] latencyNanos) {
        List<String> all = new ArrayList<>(tasks);
        for (RoutingExample example : examples) {
            if (!all.contains(example.task())) {
                all.add(example.task());
            }
        }
        this.tasks = all;
        this.threshold = threshold;
        this.latencyNanos = latencyNanos;
        this.forcedConfusion = new int[all.size()][tasks.size()];
        this.selectiveConfusion = new int[all.size()][tasks.size() + 1];
        for (String task : all) {
            byTask.put(task, new Tally());
        }
        for (int i = 0; i < examples.size(); i++) {
            RoutingExample example = examples.get(i);
            double[] p = probabilities[i];
            int best = argmax(p);
            boolean correct = tasks.get(best).equals(example.task());
            boolean route = p[best] >= threshold;
            overall.add(correct, route);
            byTask.get(example.task()).add(correct, route);
            bySource.computeIfAbsent(example.source(), s -> new Tally()).add(correct, route);
            sourceTask.put(example.source(), example.task());
            int truth = all.indexOf(example.task());
            forcedConfusion[truth][best]++;
            selectiveConfusion[truth][route ? best : tasks.size()]++;
        }
    }

    static int argmax(double[] p) {
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return best;
    }

    /** Mean over tasks of the forced-choice accuracy; NaN (undefined) when the report holds no request. */
    public double macroAccuracy() {
        return byTask.values().stream().filter(t -> t.requests > 0).mapToDouble(Tally::forcedAccuracy).average().orElse(Double.NaN);
    }

    /** Mean over tasks of the accuracy on routed requests; NaN (undefined) when nothing was routed. */
    public double macroRoutedAccuracy() {
        return byTask.values().stream().filter(t -> t.routed > 0).mapToDouble(Tally::routedAccuracy).average().orElse(Double.NaN);
    }

    public Tally overall() {
        return overall;
    }

    public Map<String, Tally> byTask() {
        return byTask;
    }

    public Map<String, Tally> bySource() {
        return bySource;
    }

    public double latencyPercentileMillis(double percentile) {
        return percentileMillis(latencyNanos, percentile);
    }

    /** Nearest-rank percentile of nanosecond timings, in milliseconds. */
    public static double percentileMillis(long[] nanos, double percentile) {
        if (nanos == null || nanos.length == 0) {
            return Double.NaN;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    /** The closing line every evaluation ends with. */
    public String summaryLine() {
        return String.format("macro_accuracy=%.4f routed_accuracy=%.4f abstain_rate=%.4f",
                macroAccuracy(), overall.routedAccuracy(), overall.abstainRate());
    }

    public void print(PrintStream out) {
        out.printf("requests: %d   threshold: %.3f%n", overall.requests, threshold);
        out.printf("forced choice:  accuracy %.4f   macro accuracy over tasks %.4f%n",
                overall.forcedAccuracy(), macroAccuracy());
        out.printf("selective:      routed accuracy %.4f   macro routed accuracy %.4f   abstain rate %.4f (%d of %d)%n",
                overall.routedAccuracy(), macroRoutedAccuracy(), overall.abstainRate(),
                overall.requests - overall.routed, overall.requests);
        out.println();
        out.printf("%-36s %7s %9s %9s %9s%n", "task", "n", "forced", "routed", "abstain");
        byTask.forEach((task, t) -> out.printf("%-36s %7d %9.4f %9.4f %9.4f%n",
                task, t.requests, t.forcedAccuracy(), t.routedAccuracy(), t.abstainRate()));
        out.println();
        out.printf("%-36s %-14s %7s %9s %9s %9s%n", "source", "task", "n", "forced", "routed", "abstain");
        bySource.forEach((source, t) -> out.printf("%-36s %-14s %7d %9.4f %9.4f %9.4f%n",
                source, sourceTask.get(source), t.requests, t.forcedAccuracy(), t.routedAccuracy(), t.abstainRate()));
        int known = forcedConfusion[0].length;
        out.println();
        out.println("confusion, forced choice (rows: true task, columns: predicted)");
        printMatrix(out, forcedConfusion, tasks.subList(0, known));
        out.println();
        out.println("confusion, selective (rows: true task, columns: routed to, or abstained)");
        List<String> columns = new ArrayList<>(tasks.subList(0, known));
        columns.add("(abstain)");
        printMatrix(out, selectiveConfusion, columns);
        if (latencyNanos != null) {
            out.println();
            out.printf("classification latency ms (one request per call): p50 %.3f  p95 %.3f  p99 %.3f  max %.3f%n",
                    latencyPercentileMillis(50), latencyPercentileMillis(95), latencyPercentileMillis(99),
                    latencyPercentileMillis(100));
        }
    }

    private void printMatrix(PrintStream out, int[][] matrix, List<String> columns) {
        out.printf("%-16s", "");
        for (String column : columns) {
            out.printf(" %14s", column);
        }
        out.println();
        for (int r = 0; r < matrix.length; r++) {
            out.printf("%-16s", tasks.get(r));
            for (int value : matrix[r]) {
                out.printf(" %14d", value);
            }
            out.println();
        }
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("threshold", round(threshold));
        map.put("macro_accuracy", round(macroAccuracy()));
        map.put("macro_routed_accuracy", round(macroRoutedAccuracy()));
        map.put("overall", overall.toMap());
        Map<String, Object> perTask = new LinkedHashMap<>();
        byTask.forEach((task, t) -> perTask.put(task, t.toMap()));
        map.put("tasks", perTask);
        Map<String, Object> perSource = new LinkedHashMap<>();
        bySource.forEach((source, t) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("task", sourceTask.get(source));
            entry.putAll(t.toMap());
            perSource.put(source, entry);
        });
        map.put("sources", perSource);
        Map<String, Object> confusion = new LinkedHashMap<>();
        for (int r = 0; r < forcedConfusion.length; r++) {
            Map<String, Integer> row = new LinkedHashMap<>();
            for (int c = 0; c < forcedConfusion[r].length; c++) {
                row.put(tasks.get(c), forcedConfusion[r][c]);
            }
            confusion.put(tasks.get(r), row);
        }
        map.put("confusion_forced", confusion);
        if (latencyNanos != null) {
            Map<String, Object> latency = new LinkedHashMap<>();
            latency.put("p50", round(latencyPercentileMillis(50)));
            latency.put("p95", round(latencyPercentileMillis(95)));
            latency.put("p99", round(latencyPercentileMillis(99)));
            map.put("latency_ms", latency);
        }
        return map;
    }

    static Double round(double value) {
        return Double.isNaN(value) ? null : Math.round(value * 1e6) / 1e6;
    }
}
