package io.thalamus.router.classification;

import io.thalamus.model.SentenceEncoder;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sentence vectors by text, kept in a file between training runs (embedding every training text
 * takes minutes; the vectors do not change while the encoder and its settings stay the same).
 */
final class EmbeddingCache {

    private final Path file;
    private final Map<String, float[]> vectors = new HashMap<>();
    private int added;

    private EmbeddingCache(Path file) {
        this.file = file;
    }

    static EmbeddingCache open(Path directory, String encoder, int maxTokens) throws IOException {
        String name = encoder.replaceAll("[^A-Za-z0-9.-]", "_") + "-t" + maxTokens + ".bin";
        EmbeddingCache cache = new EmbeddingCache(directory.resolve(name));
        if (Files.exists(cache.file)) {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(cache.file), 1 << 16))) {
                while (true) {
                    String text;
                    try {
                        text = in.readUTF();
                    } catch (EOFException end) {
                        break;
                    }
                    float[] vector = new float[in.readInt()];
                    for (int i = 0; i < vector.length; i++) {
                        vector[i] = in.readFloat();
                    }
                    cache.vectors.put(text, vector);
                }
            }
        }
        return cache;
    }

    /** Vectors for all texts, computing (and remembering) the missing ones with {@code encoder}, one text per call. */
    Map<String, float[]> embedAll(List<String> texts, SentenceEncoder encoder, int threads) {
        List<String> missing = texts.stream().distinct().filter(t -> !vectors.containsKey(t)).toList();
        if (missing.isEmpty()) {
            return vectors;
        }
        System.out.printf("embedding %d texts with %s on %d threads (cache: %s)%n", missing.size(), encoder.name(),
                threads, file);
        long start = System.nanoTime();
        AtomicInteger done = new AtomicInteger();
        Map<String, float[]> computed = new ConcurrentHashMap<>();
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            pool.submit(() -> missing.parallelStream().forEach(text -> {
                computed.put(text, encoder.embed(text));
                if (done.incrementAndGet() % 5000 == 0) {
                    System.out.printf("  %d/%d (%.0f s)%n", done.get(), missing.size(), (System.nanoTime() - start) / 1e9);
                }
            })).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while embedding", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("embedding failed", e.getCause());
        } finally {
            pool.shutdown();
        }
        vectors.putAll(computed);
        added += computed.size();
        return vectors;
    }

    void save() throws IOException {
        if (added == 0) {
            return;
        }
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16))) {
            for (Map.Entry<String, float[]> entry : vectors.entrySet()) {
                out.writeUTF(entry.getKey());
                out.writeInt(entry.getValue().length);
                for (float v : entry.getValue()) {
                    out.writeFloat(v);
                }
            }
        }
        Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        added = 0;
    }
}
