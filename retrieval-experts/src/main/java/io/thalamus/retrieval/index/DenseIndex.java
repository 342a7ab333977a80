package io.thalamus.retrieval.index;

import io.thalamus.retrieval.corpus.Document;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Exact nearest-neighbour search over normalised embeddings held in memory (cosine = dot product).
 * Suited to small corpora; adding a document with an existing id replaces it.
 */
public class DenseIndex {

    /** A document and its similarity to the query. */
    public record Hit(Document document, double score) {
    }

    private final List<Document> documents = new ArrayList<>();
    private final List<float[]> vectors = new ArrayList<>();

    public synchronized void add(Document document, float[] vector) {
        for (int i = 0; i < documents.size(); i++) {
            if (documents.get(i).id().equals(document.id())) {
                documents.set(i, document);
                vectors.set(i, vector);
                return;
            }
        }
        documents.add(document);
        vectors.add(vector);
    }

    public synchronized int size() {
        return documents.size();
    }

    public synchronized List<Hit> search(float[] query, int k) {
        PriorityQueue<Hit> best = new PriorityQueue<>(k + 1, (a, b) -> Double.compare(a.score(), b.score()));
        for (int i = 0; i < documents.size(); i++) {
            best.add(new Hit(documents.get(i), dot(query, vectors.get(i))));
            if (best.size() > k) {
                best.poll();
            }
        }
        List<Hit> hits = new ArrayList<>(best);
        hits.sort((a, b) -> Double.compare(b.score(), a.score()));
        return hits;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
