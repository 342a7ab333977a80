package io.thalamus.retrieval.expert;

import io.thalamus.model.SentenceEncoder;
import io.thalamus.retrieval.corpus.Document;
import io.thalamus.retrieval.encoding.EncoderCatalog;
import io.thalamus.retrieval.index.LuceneIndex;
import io.thalamus.retrieval.index.TextAnalysis;
import io.thalamus.retrieval.ingest.CollectionIndexer;
import io.thalamus.retrieval.ingest.DocumentEmbedder;
import io.thalamus.retrieval.ingest.EmbeddingCache;
import io.thalamus.retrieval.search.Bm25Ranker;
import io.thalamus.retrieval.search.DenseRanker;
import io.thalamus.retrieval.search.Hit;
import io.thalamus.retrieval.search.Ranker;
import io.thalamus.retrieval.search.ReciprocalRankFusion;
import io.thalamus.retrieval.search.Retriever;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One collection ready to search: its persisted Lucene index, the encoders its rankers need, and the retriever
 * that ranks (and fuses) for a query.
 */
final class SearchableCollection implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SearchableCollection.class);

    /** A document and its score (cosine, BM25 or fused, depending on the rankers). */
    record Result(Document document, double score) {
    }

    private final LuceneIndex index;
    private final List<SentenceEncoder> ownEncoders;
    private final Retriever retriever;

    private SearchableCollection(LuceneIndex index, List<SentenceEncoder> ownEncoders, Retriever retriever) {
        this.index = index;
        this.ownEncoders = ownEncoders;
        this.retriever = retriever;
    }

    /**
     * Opens (or builds) the index of these documents for the configured rankers. An encoder of the same name as
     * {@code shared} is not loaded twice; the others are loaded from the classpath and closed with the collection.
     */
    static SearchableCollection open(RetrievalConfig config, List<Document> documents, SentenceEncoder shared) {
        Path djlCache = shared.options().cacheDir();
        TextAnalysis analysis = TextAnalysis.valueOf(config.analysis().toUpperCase(Locale.ROOT));
        Path dir = config.indexDir().resolve(config.collection());
        LuceneIndex index = LuceneIndex.open(dir.resolve("lucene"), analysis);
        List<SentenceEncoder> own = new ArrayList<>();
        try {
            Map<String, SentenceEncoder> encoders = new HashMap<>();
            List<Ranker> rankers = new ArrayList<>();
            for (String name : config.rankers()) {
                if (Bm25Ranker.NAME.equals(name)) {
                    rankers.add(new Bm25Ranker(index));
                    continue;
                }
                SentenceEncoder encoder = encoders.computeIfAbsent(name, n -> {
                    if (n.equals(shared.name())) {
                        return shared;
                    }
                    SentenceEncoder loaded = EncoderCatalog.load(n, djlCache, Runtime.getRuntime().availableProcessors());
                    own.add(loaded);
                    return loaded;
                });
                rankers.add(new DenseRanker(encoder, index));
            }
            long start = System.nanoTime();
            CollectionIndexer.Report report = new CollectionIndexer(
                    new DocumentEmbedder(config.indexBatchSize(), Runtime.getRuntime().availableProcessors()),
                    new EmbeddingCache(dir.resolve("embeddings")))
                    .ensure(index, documents, List.copyOf(encoders.values()), analysis.name());
            LOG.infof("Collection '%s': %d documents, %s in %d ms; rankers %s", config.collection(), index.size(),
                    report.rebuilt() ? "indexed" : "persisted index reused", (System.nanoTime() - start) / 1_000_000,
                    config.rankers());
            Retriever retriever = new Retriever(rankers, new ReciprocalRankFusion(config.fusionK()),
                    config.fusionCandidates());
            return new SearchableCollection(index, own, retriever);
        } catch (RuntimeException e) {
            own.forEach(SentenceEncoder::close);
            index.close();
            throw e;
        }
    }

    int size() {
        return index.size();
    }

    List<Result> search(String query, int k) {
        List<Hit> hits = retriever.search(query, k);
        List<Document> documents = index.documents(hits.stream().map(Hit::id).toList());
        Map<String, Document> byId = new HashMap<>();
        documents.forEach(document -> byId.put(document.id(), document));
        List<Result> results = new ArrayList<>(hits.size());
        for (Hit hit : hits) {
            Document document = byId.get(hit.id());
            if (document != null) {
                results.add(new Result(document, hit.score()));
            }
        }
        return results;
    }

    @Override
    public void close() {
        ownEncoders.forEach(SentenceEncoder::close);
        index.close();
    }
}
