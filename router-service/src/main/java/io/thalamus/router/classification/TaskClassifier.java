package io.thalamus.router.classification;

import io.thalamus.api.task.TaskId;
import io.thalamus.model.EncoderOptions;
import io.thalamus.model.Pooling;
import io.thalamus.model.SentenceEncoder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Decides which task a request is from its text and whether it carries an image: the trained
 * weights ({@code classifier/task-classifier.bin} on the classpath) applied to a sentence
 * embedding and hashed word, character and style features, with calibrated probabilities.
 * A request with an image can only be an image task, one without an image never is. Thread-safe;
 * load once and share.
 */
public final class TaskClassifier implements AutoCloseable {

    public static final String MODEL_RESOURCE_NAME = "task-classifier.bin";
    public static final String MODEL_RESOURCE = "classifier/" + MODEL_RESOURCE_NAME;

    private final ClassifierModel model;
    private final SentenceEncoder encoder;
    private final TextFeatures textFeatures;
    private final List<TaskId> tasks;
    private final double threshold;

    /**
     * @param encoder   the encoder the weights were trained with (checked by name, pooling and
     *                  dimension); null when the model uses none
     * @param threshold confidence below which {@link Classification#confident()} is false
     */
    public TaskClassifier(ClassifierModel model, SentenceEncoder encoder, double threshold) {
        FeatureConfig features = model.header().features();
        if (features.usesEmbedding()) {
            String given = encoder == null ? "none" : encoderName(encoder.name(), encoder.options().pooling());
            if (!given.equals(features.encoder())) {
                throw new IllegalArgumentException("the classifier was trained with encoder " + features.encoder()
                        + " but was given " + given);
            }
            int dimension = encoder.dimension() > 0 ? encoder.dimension() : encoder.embed("dimension probe").length;
            if (dimension != model.header().embeddingDimension()) {
                throw new IllegalArgumentException("encoder " + given + " gives " + dimension
                        + " dimensions; the classifier expects " + model.header().embeddingDimension());
            }
        }
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("confidence threshold must be within 0..1, was " + threshold);
        }
        this.model = model;
        this.encoder = features.usesEmbedding() ? encoder : null;
        this.textFeatures = new TextFeatures(features);
        this.tasks = model.header().tasks().stream().map(TaskId::of).toList();
        this.threshold = threshold;
    }

    /** The name stored with the weights: {@code <encoder resource name>/<pooling>}. */
    static String encoderName(String encoder, Pooling pooling) {
        return encoder + "/" + pooling.name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Loads the committed classifier and the encoder it was trained with.
     *
     * @param threshold  confidence threshold, or a negative number for the one chosen at training
     * @param predictors encoder forward passes that may run at once (one ONNX Runtime thread each)
     * @param cacheDir   DJL's native library cache, used unless DJL_CACHE_DIR is set
     */
    public static TaskClassifier load(double threshold, int predictors, Path cacheDir) {
        ClassifierModel model = readModel();
        FeatureConfig features = model.header().features();
        SentenceEncoder encoder = features.usesEmbedding() ? encoderFor(features, predictors, cacheDir) : null;
        try {
            return new TaskClassifier(model, encoder, threshold < 0 ? model.header().threshold() : threshold);
        } catch (RuntimeException e) {
            if (encoder != null) {
                encoder.close();
            }
            throw e;
        }
    }

    public static ClassifierModel readModel() {
        ClassLoader loader = TaskClassifier.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(MODEL_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(MODEL_RESOURCE + " is not on the classpath; train it with ./thalamus train-routing");
            }
            return ClassifierModel.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + MODEL_RESOURCE, e);
        }
    }

    /**
     * The encoder named in the features. Texts are always embedded one at a time (batch of one),
     * in training as in production: a quantised model gives slightly different vectors inside a
     * padded batch.
     */
    static SentenceEncoder encoderFor(FeatureConfig features, int predictors, Path cacheDir) {
        String[] parts = features.encoder().split("/");
        Pooling pooling = Pooling.valueOf(parts[1].toUpperCase(java.util.Locale.ROOT));
        return SentenceEncoder.fromClasspath(parts[0],
                new EncoderOptions(pooling, features.maxTokens(), 1, predictors, 1, cacheDir));
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

    /** The sentence encoder the classifier runs (shared, e.g. by domain routing), or null when it uses none. */
    public SentenceEncoder encoder() {
        return encoder;
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
        boolean[] allowed = null;
        if (available != null) {
            allowed = new boolean[tasks.size()];
            for (int k = 0; k < allowed.length; k++) {
                allowed[k] = available.contains(tasks.get(k));
            }
        }
        boolean[] possible = model.possible(hasImage, allowed);
        int candidates = 0;
        for (boolean p : possible) {
            candidates += p ? 1 : 0;
        }
        double[] p;
        if (candidates <= 1) {
            // Nothing to decide (e.g. an image request and one image task): skip the encoder.
            p = new double[tasks.size()];
            for (int k = 0; k < p.length; k++) {
                p[k] = possible[k] ? 1 : 0;
            }
        } else {
            FeatureConfig features = model.header().features();
            float[] embedding = encoder == null ? null : encoder.embed(input);
            float[] dense = ClassifierModel.denseFeatures(features, embedding, model.header().embeddingDimension(), hasImage);
            double[] logits = model.logits(dense, textFeatures.extract(input));
            p = model.probabilities(logits, hasImage, model.header().temperature(), allowed);
        }
        Map<TaskId, Double> ranked = new LinkedHashMap<>();
        double[] probabilities = p;
        IntStream.range(0, p.length).boxed()
                .filter(k -> possible[k])
                .sorted(Comparator.comparingDouble((Integer k) -> probabilities[k]).reversed())
                .forEach(k -> ranked.put(tasks.get(k), probabilities[k]));
        if (ranked.isEmpty()) {
            return new Classification(Map.of(), null, 0, false);
        }
        Map.Entry<TaskId, Double> best = ranked.entrySet().iterator().next();
        return new Classification(Collections.unmodifiableMap(ranked), best.getKey(), best.getValue(),
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
        if (encoder != null) {
            encoder.close();
        }
    }
}
