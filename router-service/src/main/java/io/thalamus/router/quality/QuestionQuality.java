package io.thalamus.router.quality;

import io.quarkus.runtime.StartupEvent;
import io.thalamus.api.routing.QuestionFit;
import io.thalamus.api.task.TaskId;
import io.thalamus.model.Centroids;
import io.thalamus.router.domain.QueryEmbedder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Predicts how well each model answers a given request, from scored examples: the committed evaluation examples
 * of a task ({@code quality/<task>-examples.tsv}: model id, score, request text) and the feedback the router
 * receives. The prediction for a model is the similarity-weighted mean score of its most similar examples
 * (cosine of MiniLM sentence vectors), drawn towards a neutral value by a fixed weight, so a model is trusted
 * only near requests it was scored on (the k-nearest-neighbour quality predictor of routers such as RouterDC and
 * CARROT, without training a network). Models without examples keep their general quality.
 */
@ApplicationScoped
public class QuestionQuality {

    private static final Logger LOG = Logger.getLogger(QuestionQuality.class);

    private final QuestionQualityConfig config;
    private final QueryEmbedder embedder;
    /** Per task, per model id: the evaluation examples, then those learned from feedback (bounded). */
    private final Map<TaskId, Map<String, Examples>> examples = new ConcurrentHashMap<>();
    private final Map<TaskId, Boolean> loaded = new ConcurrentHashMap<>();

    @Inject
    public QuestionQuality(QuestionQualityConfig config, QueryEmbedder embedder) {
        this.config = config;
        this.embedder = embedder;
    }

    /** Loads and embeds the evaluation examples in the background, so the first request does not wait for it. */
    void warmUp(@Observes StartupEvent event) {
        if (config.enabled()) {
            Thread loader = new Thread(() -> config.tasks().forEach(task -> examplesOf(TaskId.of(task))),
                    "question-quality-examples");
            loader.setDaemon(true);
            loader.start();
        }
    }

    public boolean judges(TaskId task) {
        return config.enabled() && config.tasks().contains(task.value());
    }

    /** The predictor for one request of a judged task (the request is embedded once, for every candidate). */
    public Predictor forRequest(TaskId task, String text) {
        Map<String, Examples> byModel = examplesOf(task);
        float[] vector = byModel.isEmpty() ? null : embedder.embed(text);
        return (modelId, general) -> {
            Examples known = modelId == null || vector == null ? null : byModel.get(modelId);
            return known == null ? Optional.empty() : Optional.of(known.predict(vector, general));
        };
    }

    /** Adds a scored request (feedback) to what the router knows of the model. */
    public void learn(TaskId task, String modelId, String text, double score) {
        if (!judges(task) || modelId == null || text == null || text.isBlank()) {
            return;
        }
        float[] vector = embedder.embed(truncate(text));
        examplesOf(task).computeIfAbsent(modelId, id -> new Examples()).learn(new ScoredExample(vector, score));
    }

    /** Predicts the quality of one model for the request, given its general quality. */
    @FunctionalInterface
    public interface Predictor {
        Optional<QuestionFit> fit(String modelId, double general);
    }

    private Map<String, Examples> examplesOf(TaskId task) {
        if (!judges(task)) {
            return Map.of();
        }
        Map<String, Examples> byModel = examples.computeIfAbsent(task, t -> new ConcurrentHashMap<>());
        if (!loaded.containsKey(task)) {
            synchronized (this) {
                if (!loaded.containsKey(task)) {
                    load(task, byModel);
                    loaded.put(task, true);
                }
            }
        }
        return byModel;
    }

    private void load(TaskId task, Map<String, Examples> byModel) {
        String resource = "quality/" + task.value() + "-examples.tsv";
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                LOG.infof("No scored examples for task '%s' (%s): its experts keep their general quality until "
                        + "feedback arrives", task, resource);
                return;
            }
            Map<String, List<ScoredExample>> read = new HashMap<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#") || number == 1 && line.startsWith("model_id")) {
                    continue;
                }
                String[] fields = line.split("\t", 3);
                if (fields.length < 3) {
                    throw new IllegalStateException(resource + " line " + number
                            + ": expected model_id, score and text separated by tabs");
                }
                read.computeIfAbsent(fields[0], id -> new ArrayList<>())
                        .add(new ScoredExample(embedder.embed(fields[2]), Double.parseDouble(fields[1])));
            }
            read.forEach((model, list) -> byModel.computeIfAbsent(model, id -> new Examples()).seed(list));
            LOG.infof("Loaded scored examples of task '%s' for models %s", task, read.keySet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String truncate(String text) {
        return text.length() <= config.maxQuestionChars() ? text : text.substring(0, config.maxQuestionChars());
    }

    /** One model's examples for one task. */
    private final class Examples {

        private volatile List<ScoredExample> seeded = List.of();
        private final Deque<ScoredExample> learned = new ArrayDeque<>();

        void seed(List<ScoredExample> list) {
            seeded = List.copyOf(list);
        }

        synchronized void learn(ScoredExample example) {
            if (config.maxLearnedExamples() == 0) {
                return;
            }
            if (learned.size() >= config.maxLearnedExamples()) {
                learned.removeFirst();
            }
            learned.addLast(example);
        }

        QuestionFit predict(float[] vector, double general) {
            List<ScoredExample> all = new ArrayList<>(seeded);
            synchronized (this) {
                all.addAll(learned);
            }
            int k = config.neighbours();
            double[] similarity = new double[all.size()];
            Integer[] order = new Integer[all.size()];
            for (int i = 0; i < all.size(); i++) {
                similarity[i] = Centroids.cosine(vector, all.get(i).vector());
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Double.compare(similarity[b], similarity[a]));
            double weighted = config.neutralWeight() * config.neutralQuality();
            double weights = config.neutralWeight();
            double similaritySum = 0;
            int neighbours = 0;
            for (int n = 0; n < Math.min(k, order.length); n++) {
                double s = similarity[order[n]];
                if (s < config.similarityFloor()) {
                    break;
                }
                weighted += s * all.get(order[n]).score();
                weights += s;
                similaritySum += s;
                neighbours++;
            }
            double predicted = weights == 0 ? config.neutralQuality() : weighted / weights;
            return new QuestionFit(predicted, general, neighbours, neighbours == 0 ? 0 : similaritySum / neighbours,
                    all.size());
        }
    }
}
