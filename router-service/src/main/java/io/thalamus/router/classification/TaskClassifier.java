package io.thalamus.router.classification;

import io.thalamus.api.task.TaskId;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Decides which task a request is from its text and whether it carries an image: the trained
 * weights ({@code classifier/task-classifier.bin} on the classpath) applied to a sentence
 * embedding, hashed word and character n-grams and modality features, with calibrated
 * probabilities. A request without an image never gets an image-only task. Thread-safe; load once
 * and share.
 */
public final class TaskClassifier implements AutoCloseable {

    public static final String MODEL_RESOURCE_NAME = "task-classifier.bin";
    public static final String MODEL_RESOURCE = "classifier/" + MODEL_RESOURCE_NAME;

    private final ClassifierModel model;
    private final TextEmbedder embedder;
    private final TextFeatures textFeatures;
    private final List<TaskId> tasks;
    private final double threshold;

    /**
     * @param embedder  the encoder the weights were trained with (checked by name); null when the
     *                  model uses none
     * @param threshold confidence below which {@link Classification#confident()} is false
     */
    public TaskClassifier(ClassifierModel model, TextEmbedder embedder, double threshold) {
        FeatureConfig features = model.header().features();
        if (features.usesEmbedding()) {
            if (embedder == null || !embedder.name().equals(features.encoder())) {
                throw new IllegalArgumentException("the classifier was trained with encoder " + features.encoder()
                        + " but was given " + (embedder == null ? "none" : embedder.name()));
            }
            if (embedder.dimension() != model.header().embeddingDimension()) {
                throw new IllegalArgumentException("encoder " + embedder.name() + " gives " + embedder.dimension()
                        + " dimensions; the classifier expects " + model.header().embeddingDimension());
            }
        }
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("confidence threshold must be within 0..1, was " + threshold);
        }
        this.model = model;
        this.embedder = features.usesEmbedding() ? embedder : null;
        this.textFeatures = new TextFeatures(features);
        this.tasks = model.header().tasks().stream().map(TaskId::of).toList();
        this.threshold = threshold;
    }

    /** Loads the committed classifier and its encoder (one ONNX Runtime thread), with the trained threshold. */
    public static TaskClassifier load() {
        return load(-1, 1);
    }

    /**
     * @param threshold confidence threshold, or a negative number for the one chosen at training
     * @param threads   ONNX Runtime intra-op threads for the encoder
     */
    public static TaskClassifier load(double threshold, int threads) {
        ClassifierModel model = readModel();
        FeatureConfig features = model.header().features();
        TextEmbedder embedder = features.usesEmbedding() ? embedderFor(features, threads) : null;
        try {
            return new TaskClassifier(model, embedder, threshold < 0 ? model.header().threshold() : threshold);
        } catch (RuntimeException e) {
            if (embedder != null) {
                embedder.close();
            }
            throw e;
        }
    }

    public static ClassifierModel readModel() {
        ClassLoader loader = TaskClassifier.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(MODEL_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(MODEL_RESOURCE + " is not on the classpath; train it with ClassifierTrainer");
            }
            return ClassifierModel.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + MODEL_RESOURCE, e);
        }
    }

    /** The encoder named in the features: {@code <resource name>/<pooling>}. */
    static TextEmbedder embedderFor(FeatureConfig features, int threads) {
        String[] parts = features.encoder().split("/");
        OnnxTextEmbedder.Pooling pooling = OnnxTextEmbedder.Pooling.valueOf(parts[1].toUpperCase());
        return OnnxTextEmbedder.fromClasspath(parts[0], pooling, features.maxTokens(), threads);
    }

    public List<TaskId> tasks() {
        return tasks;
    }

    public double threshold() {
        return threshold;
    }

    public ClassifierModel model() {
        return model;
    }

    public Classification classify(String text, boolean hasImage) {
        return classify(text, hasImage, null);
    }

    /**
     * @param available tasks that may be chosen (e.g. those with registered experts); the
     *                  probabilities are renormalised over them. Null means every known task.
     */
    public Classification classify(String text, boolean hasImage, Collection<TaskId> available) {
        String input = text == null ? "" : text;
        FeatureConfig features = model.header().features();
        float[] embedding = embedder == null ? null : embedder.embed(input);
        float[] dense = ClassifierModel.denseFeatures(features, embedding, model.header().embeddingDimension(), hasImage);
        double[] logits = model.logits(dense, textFeatures.extract(input));
        boolean[] allowed = null;
        if (available != null) {
            allowed = new boolean[tasks.size()];
            for (int k = 0; k < allowed.length; k++) {
                allowed[k] = available.contains(tasks.get(k));
            }
        }
        double[] p = model.probabilities(logits, hasImage, model.header().temperature(), allowed);
        boolean[] possible = model.possible(hasImage, allowed);
        Map<TaskId, Double> ranked = new LinkedHashMap<>();
        IntStream.range(0, p.length).boxed()
                .filter(k -> possible[k])
                .sorted(Comparator.comparingDouble((Integer k) -> p[k]).reversed())
                .forEach(k -> ranked.put(tasks.get(k), p[k]));
        if (ranked.isEmpty()) {
            return new Classification(Map.of(), null, 0, false);
        }
        Map.Entry<TaskId, Double> best = ranked.entrySet().iterator().next();
        return new Classification(java.util.Collections.unmodifiableMap(ranked), best.getKey(), best.getValue(),
                best.getValue() >= threshold);
    }

    /** Probabilities in {@link #tasks()} order, for evaluation. */
    double[] probabilities(String text, boolean hasImage) {
        Classification c = classify(text, hasImage);
        double[] p = new double[tasks.size()];
        for (int k = 0; k < p.length; k++) {
            p[k] = c.probabilities().getOrDefault(tasks.get(k), 0.0);
        }
        return p;
    }

    @Override
    public void close() {
        if (embedder != null) {
            embedder.close();
        }
    }
}
