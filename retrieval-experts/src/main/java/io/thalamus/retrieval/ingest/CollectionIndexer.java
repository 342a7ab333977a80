package io.thalamus.retrieval.ingest;

import io.thalamus.model.SentenceEncoder;
import io.thalamus.retrieval.corpus.CorpusFingerprint;
import io.thalamus.retrieval.corpus.Document;
import io.thalamus.retrieval.index.LuceneIndex;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Brings an index up to date with a corpus and a set of encoders: a persisted index built from the same
 * documents, encoders and batch size is reused as it is; otherwise the documents are embedded (or their vectors
 * read from the embedding cache) and the index rebuilt.
 */
public final class CollectionIndexer {

    private static final Logger LOG = Logger.getLogger(CollectionIndexer.class);

    /** What one call did: whether the index was rebuilt, and per encoder the embedding time (0 from cache). */
    public record Report(boolean rebuilt, Map<String, Long> embeddingMillis, long indexMillis) {
    }

    private final DocumentEmbedder embedder;
    private final EmbeddingCache cache;

    public CollectionIndexer(DocumentEmbedder embedder, EmbeddingCache cache) {
        this.embedder = embedder;
        this.cache = cache;
    }

    public Report ensure(LuceneIndex index, List<Document> documents, List<SentenceEncoder> encoders, String analysis) {
        String corpus = CorpusFingerprint.of(documents);
        String fingerprint = corpus + ";" + analysis + ";" + LuceneIndex.LAYOUT + ";batch" + embedder.batchSize() + ";"
                + encoders.stream().map(SentenceEncoder::name).collect(Collectors.joining(","));
        if (fingerprint.equals(index.fingerprint()) && index.size() == documents.size()) {
            return new Report(false, Map.of(), 0);
        }
        List<String> texts = documents.stream().map(Document::embeddingText).toList();
        Map<String, List<float[]>> vectors = new LinkedHashMap<>();
        Map<String, Long> millis = new LinkedHashMap<>();
        for (SentenceEncoder encoder : encoders) {
            List<float[]> cached = cache.load(encoder.name(), embedder.batchSize(), corpus, documents.size()).orElse(null);
            if (cached != null) {
                vectors.put(encoder.name(), cached);
                millis.put(encoder.name(), 0L);
                continue;
            }
            long start = System.nanoTime();
            List<float[]> embedded = embedder.embed(encoder, texts);
            long took = (System.nanoTime() - start) / 1_000_000;
            LOG.infof("Embedded %d documents with %s in %d ms", documents.size(), encoder.name(), took);
            cache.store(encoder.name(), embedder.batchSize(), corpus, embedded);
            vectors.put(encoder.name(), embedded);
            millis.put(encoder.name(), took);
        }
        long start = System.nanoTime();
        index.rebuild(documents, vectors, fingerprint);
        return new Report(true, millis, (System.nanoTime() - start) / 1_000_000);
    }
}
