package io.thalamus.retrieval.ingest;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Document vectors kept on disk, one file per (encoder, embedding batch size, corpus fingerprint), so a rebuilt
 * index or a rerun evaluation does not embed the corpus again. Format: count, dimension, then the floats.
 */
public final class EmbeddingCache {

    private final Path dir;

    public EmbeddingCache(Path dir) {
        this.dir = dir;
    }

    public Optional<List<float[]>> load(String encoder, int batchSize, String corpusFingerprint, int count) {
        Path file = file(encoder, batchSize, corpusFingerprint);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            int n = in.readInt();
            int dimension = in.readInt();
            if (n != count) {
                return Optional.empty();
            }
            List<float[]> vectors = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                float[] vector = new float[dimension];
                for (int d = 0; d < dimension; d++) {
                    vector[d] = in.readFloat();
                }
                vectors.add(vector);
            }
            return Optional.of(vectors);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public void store(String encoder, int batchSize, String corpusFingerprint, List<float[]> vectors) {
        Path file = file(encoder, batchSize, corpusFingerprint);
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "vectors", ".tmp");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
                out.writeInt(vectors.size());
                out.writeInt(vectors.isEmpty() ? 0 : vectors.get(0).length);
                for (float[] vector : vectors) {
                    for (float v : vector) {
                        out.writeFloat(v);
                    }
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the embedding cache " + file, e);
        }
    }

    private Path file(String encoder, int batchSize, String corpusFingerprint) {
        return dir.resolve(encoder + "-batch" + batchSize + "-" + corpusFingerprint + ".vectors");
    }
}
