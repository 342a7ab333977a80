package io.thalamus.router.classification;

import java.util.Comparator;
import java.util.List;

/** Temperature scaling and threshold choice on held-out predictions. */
final class Calibration {

    private Calibration() {
    }

    static double[][] probabilities(ClassifierModel model, List<RoutingExample> examples, double[][] logits, double temperature) {
        double[][] p = new double[logits.length][];
        for (int i = 0; i < logits.length; i++) {
            p[i] = model.probabilities(logits[i], examples.get(i).hasImage(), temperature, null);
        }
        return p;
    }

    /** The temperature minimising the mean negative log-likelihood (golden-section search on log T). */
    static double fitTemperature(ClassifierModel model, List<RoutingExample> examples, double[][] logits) {
        List<String> tasks = model.header().tasks();
        int[] labels = examples.stream().mapToInt(e -> tasks.indexOf(e.task())).toArray();
        double lo = Math.log(0.05);
        double hi = Math.log(20);
        double ratio = (Math.sqrt(5) - 1) / 2;
        double a = hi - ratio * (hi - lo);
        double b = lo + ratio * (hi - lo);
        double fa = nll(model, examples, logits, labels, Math.exp(a));
        double fb = nll(model, examples, logits, labels, Math.exp(b));
        for (int i = 0; i < 60; i++) {
            if (fa < fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - ratio * (hi - lo);
                fa = nll(model, examples, logits, labels, Math.exp(a));
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + ratio * (hi - lo);
                fb = nll(model, examples, logits, labels, Math.exp(b));
            }
        }
        return Math.exp((lo + hi) / 2);
    }

    private static double nll(ClassifierModel model, List<RoutingExample> examples, double[][] logits, int[] labels, double t) {
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            double[] p = model.probabilities(logits[i], examples.get(i).hasImage(), t, null);
            sum -= Math.log(Math.max(1e-12, labels[i] < 0 ? 1e-12 : p[labels[i]]));
        }
        return sum / logits.length;
    }

    /**
     * The lowest threshold at which the routed accuracy, overall and for every task, reaches
     * {@code targetRouted}, but never one abstaining on more than {@code maxAbstain} of the requests.
     */
    static double chooseThreshold(List<RoutingExample> examples, List<String> tasks, double[][] probabilities,
            double targetRouted, double maxAbstain) {
        int n = probabilities.length;
        Integer[] order = new Integer[n];
        double[] confidence = new double[n];
        boolean[] correct = new boolean[n];
        int[] truth = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            int best = RoutingReport.argmax(probabilities[i]);
            confidence[i] = probabilities[i][best];
            correct[i] = tasks.get(best).equals(examples.get(i).task());
            truth[i] = tasks.indexOf(examples.get(i).task());
        }
        java.util.Arrays.sort(order, Comparator.comparingDouble(i -> confidence[i]));
        int[] routed = new int[tasks.size()];
        int[] routedCorrect = new int[tasks.size()];
        for (int i = 0; i < n; i++) {
            routed[truth[i]]++;
            routedCorrect[truth[i]] += correct[i] ? 1 : 0;
        }
        int maxAbstained = (int) Math.floor(maxAbstain * n);
        // Walk thresholds upwards: at position j, everything before order[j] abstains.
        for (int j = 0; j < n; j++) {
            boolean boundary = j == 0 || confidence[order[j]] > confidence[order[j - 1]];
            if (boundary) {
                if (j > maxAbstained) {
                    break;
                }
                if (meets(routed, routedCorrect, targetRouted)) {
                    return confidence[order[j]];
                }
            }
            int i = order[j];
            routed[truth[i]]--;
            routedCorrect[truth[i]] -= correct[i] ? 1 : 0;
        }
        return confidence[order[Math.min(maxAbstained, n - 1)]];
    }

    private static boolean meets(int[] routed, int[] routedCorrect, double target) {
        long all = 0;
        long allCorrect = 0;
        for (int k = 0; k < routed.length; k++) {
            all += routed[k];
            allCorrect += routedCorrect[k];
            if (routed[k] > 0 && (double) routedCorrect[k] / routed[k] < target) {
                return false;
            }
        }
        return all > 0 && (double) allCorrect / all >= target;
    }
}
