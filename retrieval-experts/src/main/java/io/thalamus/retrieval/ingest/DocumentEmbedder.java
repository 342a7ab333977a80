package io.thalamus.retrieval.ingest;

import io.thalamus.model.SentenceEncoder;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Embeds many documents with one encoder, {@code batchSize} documents per forward pass (1: each alone, the way
 * queries are embedded), on {@code threads} threads.
 */
public final class DocumentEmbedder {

    private final int batchSize;
    private final int threads;

    public DocumentEmbedder(int batchSize, int threads) {
        if (batchSize < 1 || threads < 1) {
            throw new IllegalArgumentException("batchSize and threads must be at least 1");
        }
        this.batchSize = batchSize;
        this.threads = threads;
    }

    public int batchSize() {
        return batchSize;
    }

    public List<float[]> embed(SentenceEncoder encoder, List<String> texts) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<float[]>>> batches = new ArrayList<>();
            for (int start = 0; start < texts.size(); start += batchSize) {
                List<String> batch = texts.subList(start, Math.min(texts.size(), start + batchSize));
                batches.add(pool.submit(() -> encoder.embedDocuments(batch)));
            }
            List<float[]> vectors = new ArrayList<>(texts.size());
            for (Future<List<float[]>> batch : batches) {
                vectors.addAll(batch.get());
            }
            return vectors;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while embedding documents", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("embedding documents with " + encoder.name() + " failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
