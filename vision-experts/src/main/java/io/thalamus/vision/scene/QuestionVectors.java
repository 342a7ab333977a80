package io.thalamus.vision.scene;

import io.thalamus.model.LeastRecentlyUsed;
import io.thalamus.model.SentenceEncoder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sentence vectors of questions from the frozen encoder, cached per distinct text (questions repeat a lot).
 * Every text is embedded alone, never inside a padded batch: a quantised encoder gives slightly different vectors
 * for the two, and the scene model was trained on vectors of texts embedded alone.
 */
public final class QuestionVectors {

    private final SentenceEncoder encoder;
    private final Map<String, float[]> cache;

    /** @param capacity most texts kept; the least recently used are forgotten first */
    public QuestionVectors(SentenceEncoder encoder, int capacity) {
        this.encoder = encoder;
        this.cache = LeastRecentlyUsed.map(capacity);
    }

    public float[] vector(String question) {
        synchronized (cache) {
            float[] cached = cache.get(question);
            if (cached != null) {
                return cached;
            }
        }
        float[] vector = encoder.embed(question);
        synchronized (cache) {
            cache.put(question, vector);
        }
        return vector;
    }

    public List<float[]> vectors(List<String> questions) {
        List<float[]> vectors = new ArrayList<>(questions.size());
        for (String question : questions) {
            vectors.add(vector(question));
        }
        return vectors;
    }
}
