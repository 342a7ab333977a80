package io.thalamus.router.classification;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The reference baseline of the routing spec, for comparison only (never used in production):
 * multinomial Naive Bayes on a bag of lower-cased words (Laplace smoothing, class priors from the
 * training counts) plus the image rule (an image request is an image task, a text-only request is a
 * text task). It is trained on the labelled routing rows alone, without any of the classifier's
 * extra training text, so that its held-out figures can be set next to the spec's reference numbers
 * to tell how hard a validation protocol is.
 */
final class NaiveBayesBaseline {

    private final List<String> tasks;
    private final boolean[] imageTask;
    private final Map<String, double[]> logLikelihood = new HashMap<>();
    private final double[] logPrior;

    private NaiveBayesBaseline(List<String> tasks, boolean[] imageTask, double[] logPrior) {
        this.tasks = tasks;
        this.imageTask = imageTask;
        this.logPrior = logPrior;
    }

    /** Fits on the text-only rows of {@code train}; {@code alpha} is the additive smoothing. */
    static NaiveBayesBaseline fit(List<RoutingExample> train, List<String> tasks, Set<String> imageTasks, double alpha) {
        int k = tasks.size();
        boolean[] image = new boolean[k];
        for (int c = 0; c < k; c++) {
            image[c] = imageTasks.contains(tasks.get(c));
        }
        Map<String, double[]> counts = new HashMap<>();
        double[] totals = new double[k];
        double[] documents = new double[k];
        for (RoutingExample example : train) {
            if (example.hasImage()) {
                continue;
            }
            int c = tasks.indexOf(example.task());
            documents[c]++;
            for (String word : words(example.text())) {
                counts.computeIfAbsent(word, w -> new double[k])[c]++;
                totals[c]++;
            }
        }
        int vocabulary = counts.size();
        double textDocuments = 0;
        for (int c = 0; c < k; c++) {
            textDocuments += image[c] ? 0 : documents[c];
        }
        double[] prior = new double[k];
        for (int c = 0; c < k; c++) {
            prior[c] = Math.log(Math.max(documents[c], 1e-9) / Math.max(textDocuments, 1));
        }
        NaiveBayesBaseline model = new NaiveBayesBaseline(tasks, image, prior);
        counts.forEach((word, n) -> {
            double[] l = new double[k];
            for (int c = 0; c < k; c++) {
                l[c] = Math.log((n[c] + alpha) / (totals[c] + alpha * vocabulary));
            }
            model.logLikelihood.put(word, l);
        });
        return model;
    }

    /** Posterior over the tasks possible for the request's modality (the others get 0). */
    double[] probabilities(String text, boolean hasImage) {
        int k = tasks.size();
        double[] z = logPrior.clone();
        for (String word : words(text)) {
            double[] l = logLikelihood.get(word);
            for (int c = 0; c < k; c++) {
                // A word never seen in training is dropped, as in sklearn's CountVectorizer + MultinomialNB.
                z[c] += l == null ? 0 : l[c];
            }
        }
        boolean[] possible = new boolean[k];
        for (int c = 0; c < k; c++) {
            possible[c] = imageTask[c] == hasImage;
        }
        return ClassifierModel.softmax(z, 1, possible);
    }

    /** Bag of words: lower-cased letter/digit tokens (digits folded to 0), punctuation dropped. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String token : TextFeatures.tokens(text)) {
            if (Character.isLetterOrDigit(token.charAt(0))) {
                words.add(token);
            }
        }
        return words;
    }

    /** Leave one source out: every source predicted by a baseline trained on all other sources. */
    static double[][] leaveOneSourceOut(List<RoutingExample> examples, List<String> tasks, Set<String> imageTasks,
            double alpha) {
        double[][] probabilities = new double[examples.size()][];
        Set<String> sources = new TreeSet<>();
        examples.forEach(e -> sources.add(e.source()));
        for (String source : sources) {
            List<RoutingExample> train = examples.stream().filter(e -> !e.source().equals(source)).toList();
            NaiveBayesBaseline model = fit(train, tasks, imageTasks, alpha);
            for (int i = 0; i < examples.size(); i++) {
                RoutingExample example = examples.get(i);
                if (example.source().equals(source)) {
                    probabilities[i] = model.probabilities(example.text(), example.hasImage());
                }
            }
        }
        return probabilities;
    }

    /**
     * Random k-fold split, sources seen in training (the in-distribution reference): every row
     * predicted by a baseline trained on the other folds. Fixed seed.
     */
    static double[][] randomFolds(List<RoutingExample> examples, List<String> tasks, Set<String> imageTasks,
            double alpha, int folds, long seed) {
        Random random = new Random(seed);
        int[] fold = new int[examples.size()];
        for (int i = 0; i < fold.length; i++) {
            fold[i] = random.nextInt(folds);
        }
        double[][] probabilities = new double[examples.size()][];
        for (int f = 0; f < folds; f++) {
            List<RoutingExample> train = new ArrayList<>();
            for (int i = 0; i < fold.length; i++) {
                if (fold[i] != f) {
                    train.add(examples.get(i));
                }
            }
            NaiveBayesBaseline model = fit(train, tasks, imageTasks, alpha);
            for (int i = 0; i < fold.length; i++) {
                if (fold[i] == f) {
                    probabilities[i] = model.probabilities(examples.get(i).text(), examples.get(i).hasImage());
                }
            }
        }
        return probabilities;
    }
}
