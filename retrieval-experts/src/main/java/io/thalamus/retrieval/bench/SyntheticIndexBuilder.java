package io.thalamus.retrieval.bench;

import io.thalamus.retrieval.corpus.Document;
import io.thalamus.retrieval.index.LuceneIndex;
import io.thalamus.retrieval.index.TextAnalysis;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.MMapDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bulk build of a large synthetic index, for the scale measurements only. {@link LuceneIndex#rebuild} adds documents
 * on one thread through a 256 MB buffer, so a million documents would flush as dozens of small segments whose HNSW
 * graphs the merges (and the final merge to one segment) build again, several times over. On Java 17, where Lucene
 * compares vectors without SIMD, inserting one 384-dimensional vector into a graph (16 links, beam 100) took about
 * 1.3 ms of CPU on the project's machine, so every extra insertion counts. This builder writes the same documents
 * ({@link LuceneIndex#documentFields}: one chunk each; Lucene's default codec and HNSW parameters; BM25) and
 * inserts every vector into a graph once:
 *
 * <ul>
 *   <li>documents (text and vectors, generated when read) are added on several threads, each filling its own
 *       in-memory segment, so graph building runs on every core;</li>
 *   <li>a RAM buffer of gigabytes, so each thread's documents flush as one large segment (more only where a
 *       thread's segment reaches Lucene's per-thread limit of 1945 MB);</li>
 *   <li>no merges: the index keeps those segments, and a search visits each of them.</li>
 * </ul>
 *
 * The result is searched through {@link LuceneIndex}, like any index, and checked with it after the build.
 */
final class SyntheticIndexBuilder {

    private final int threads;
    private final double ramBufferMb;

    SyntheticIndexBuilder(int threads, double ramBufferMb) {
        this.threads = Math.max(1, threads);
        this.ramBufferMb = ramBufferMb;
    }

    /** How long a build took (seconds) and how many segments it wrote. */
    record Built(double seconds, int segments) {
    }

    /**
     * Replaces whatever is in {@code dir} with the first {@code size} documents of the corpus and, per model name,
     * their vectors (lists of at least {@code size} elements, generated when read).
     */
    Built build(Path dir, List<Document> documents, Map<String, List<float[]>> vectorsByModel, String fingerprint) {
        int size = documents.size();
        ExecutorService workers = Executors.newFixedThreadPool(threads);
        try (MMapDirectory directory = new MMapDirectory(Files.createDirectories(dir));
             IndexWriter writer = new IndexWriter(directory, config())) {
            long start = System.nanoTime();
            AtomicLong added = new AtomicLong();
            long step = Math.max(1, size / 10);
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                tasks.add(workers.submit(() -> {
                    for (int i = first; i < size; i += threads) {
                        Map<String, float[]> vectors = new LinkedHashMap<>();
                        for (Map.Entry<String, List<float[]>> model : vectorsByModel.entrySet()) {
                            vectors.put(model.getKey(), model.getValue().get(i));
                        }
                        writer.addDocument(LuceneIndex.documentFields(documents.get(i), vectors));
                        long done = added.incrementAndGet();
                        if (size >= 100_000 && done % step == 0) {
                            System.out.printf(Locale.ROOT, "  %,d documents added, %.0f s%n", done,
                                    (System.nanoTime() - start) / 1e9);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> task : tasks) {
                task.get();
            }
            writer.setLiveCommitData(LuceneIndex.commitData(fingerprint).entrySet());
            writer.commit();
            int segments;
            try (DirectoryReader committed = DirectoryReader.open(directory)) {
                segments = committed.leaves().size();
            }
            return new Built((System.nanoTime() - start) / 1e9, segments);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the synthetic index in " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building " + dir, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot build the synthetic index in " + dir, e.getCause());
        } finally {
            workers.shutdownNow();
        }
    }

    /**
     * Fails unless {@link LuceneIndex} reads this index as a built one: every document counted, a document stored
     * as generated, and a document found by its own vector.
     */
    static void check(LuceneIndex index, List<Document> documents, Map<String, List<float[]>> vectorsByModel) {
        int last = documents.size() - 1;
        Document expected = documents.get(last);
        if (index.documentCount() != documents.size()
                || !index.documents(List.of(expected.id())).equals(List.of(expected))) {
            throw new IllegalStateException("the synthetic index does not read back as LuceneIndex's layout: "
                    + index.documentCount() + " documents for " + documents.size());
        }
        vectorsByModel.forEach((model, vectors) -> {
            if (index.nearest(model, vectors.get(last), 10).stream().noneMatch(hit -> hit.id().equals(expected.id()))) {
                throw new IllegalStateException("the synthetic index does not find " + expected.id() + " by its "
                        + model + " vector");
            }
        });
    }

    private IndexWriterConfig config() {
        return new IndexWriterConfig(TextAnalysis.ENGLISH.analyzer())
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                .setSimilarity(new BM25Similarity())
                .setMergePolicy(NoMergePolicy.INSTANCE)
                .setRAMBufferSizeMB(ramBufferMb)
                .setRAMPerThreadHardLimitMB((int) Math.min(1945, Math.max(1, ramBufferMb / threads)));
    }
}
