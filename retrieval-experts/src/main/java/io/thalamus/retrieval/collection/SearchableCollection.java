package io.thalamus.retrieval.collection;

import io.thalamus.api.retrieval.RetrievalOutput;
import io.thalamus.api.retrieval.RetrievedDocument;
import io.thalamus.model.SentenceEncoder;
import io.thalamus.retrieval.corpus.Document;
import io.thalamus.retrieval.expert.RetrievalConfig;
import io.thalamus.retrieval.index.LuceneIndex;
import io.thalamus.retrieval.index.MetadataFilter;
import io.thalamus.retrieval.index.TextAnalysis;
import io.thalamus.retrieval.ingest.CollectionIndexer;
import io.thalamus.retrieval.ingest.DocumentEmbedder;
import io.thalamus.retrieval.ingest.EmbeddingCache;
import io.thalamus.retrieval.ingest.TextChunker;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One collection ready to search and to change: its persisted Lucene index and the retriever that ranks (and
 * fuses) for a query with the configured rankers. Documents are split into chunks and embedded by every encoder
 * the rankers use; a change is committed as a whole, so the index on disk never holds half a batch.
 */
public final class SearchableCollection implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SearchableCollection.class);

    /** A document and its score (cosine, BM25 or fused, depending on the rankers). */
    public record Result(Document document, double score) {
    }

    private final Path dir;
    private final TextAnalysis analysis;
    private final LuceneIndex index;
    private final Encoders encoders;
    private final Retriever retriever;
    private final DocumentEmbedder embedder;
    private final TextChunker chunker;

    private SearchableCollection(Path dir, TextAnalysis analysis, LuceneIndex index, Encoders encoders,
                                 Retriever retriever, DocumentEmbedder embedder, TextChunker chunker) {
        this.dir = dir;
        this.analysis = analysis;
        this.index = index;
        this.encoders = encoders;
        this.retriever = retriever;
        this.embedder = embedder;
        this.chunker = chunker;
    }

    /** Opens the collection in {@code dir} (an empty one if there is none yet) for the configured rankers. */
    public static SearchableCollection open(Path dir, RetrievalConfig config, Encoders encoders, TextChunker chunker) {
        TextAnalysis analysis = TextAnalysis.valueOf(config.analysis().toUpperCase(Locale.ROOT));
        LuceneIndex index = LuceneIndex.open(dir.resolve("lucene"), analysis);
        try {
            List<Ranker> rankers = new ArrayList<>();
            for (String name : config.rankers()) {
                rankers.add(Bm25Ranker.NAME.equals(name) ? new Bm25Ranker(index) : new DenseRanker(encoders.get(name), index));
            }
            Retriever retriever = new Retriever(rankers, new ReciprocalRankFusion(config.fusionK()),
                    config.fusionCandidates());
            DocumentEmbedder embedder = new DocumentEmbedder(config.indexBatchSize(),
                    Runtime.getRuntime().availableProcessors());
            return new SearchableCollection(dir, analysis, index, encoders, retriever, embedder, chunker);
        } catch (RuntimeException e) {
            index.close();
            throw e;
        }
    }

    /**
     * Makes the index hold exactly this corpus: a persisted index of the same corpus is reused as it is, otherwise
     * the documents are embedded (or their vectors read from the embedding cache) and the index rebuilt.
     */
    public void indexCorpus(String name, List<Document> documents) {
        long start = System.nanoTime();
        CollectionIndexer.Report report = new CollectionIndexer(embedder, new EmbeddingCache(dir.resolve("embeddings")))
                .ensure(index, documents, List.copyOf(encoders.all()), analysis.name());
        LOG.infof("Collection '%s': %d documents, %s in %d ms; rankers %s", name, index.size(),
                report.rebuilt() ? "indexed" : "persisted index reused", (System.nanoTime() - start) / 1_000_000,
                retriever.name());
    }

    /** Adds these documents, replacing any of the same id, and commits them together. */
    public void upsert(List<Document> documents) {
        List<List<String>> chunksPerDocument = new ArrayList<>(documents.size());
        List<String> texts = new ArrayList<>();
        for (Document document : documents) {
            List<String> chunks = chunker.chunks(document.text());
            chunksPerDocument.add(chunks);
            chunks.forEach(chunk -> texts.add(new Document(document.id(), document.title(), chunk, Map.of()).embeddingText()));
        }
        Map<String, List<float[]>> vectors = new LinkedHashMap<>();
        for (SentenceEncoder encoder : encoders.all()) {
            vectors.put(encoder.name(), embedder.embed(encoder, texts));
        }
        int row = 0;
        for (int i = 0; i < documents.size(); i++) {
            int chunks = chunksPerDocument.get(i).size();
            Map<String, List<float[]>> documentVectors = new HashMap<>();
            for (Map.Entry<String, List<float[]>> entry : vectors.entrySet()) {
                documentVectors.put(entry.getKey(), entry.getValue().subList(row, row + chunks));
            }
            index.replace(documents.get(i), chunksPerDocument.get(i), documentVectors);
            row += chunks;
        }
        index.commit();
    }

    /** Deletes the document of this id; false when there is none. */
    public boolean delete(String id) {
        if (document(id).isEmpty()) {
            return false;
        }
        index.delete(id);
        index.commit();
        return true;
    }

    public Optional<Document> document(String id) {
        return index.documents(List.of(id)).stream().findFirst();
    }

    public int documentCount() {
        return index.documentCount();
    }

    /** Chunks in the index; for a corpus indexed whole, its documents. */
    public int size() {
        return index.size();
    }

    public List<Result> search(String query, int k) {
        return search(query, MetadataFilter.NONE, k);
    }

    public List<Result> search(String query, MetadataFilter filter, int k) {
        List<Hit> hits = retriever.search(query, filter, k);
        Map<String, Document> byId = new HashMap<>();
        index.documents(hits.stream().map(Hit::id).toList()).forEach(document -> byId.put(document.id(), document));
        List<Result> results = new ArrayList<>(hits.size());
        for (Hit hit : hits) {
            Document document = byId.get(hit.id());
            if (document != null) {
                results.add(new Result(document, hit.score()));
            }
        }
        return results;
    }

    /** The search's answer in the wire format of the {@code retrieval} task. */
    public RetrievalOutput answer(String collectionName, String query, MetadataFilter filter, int k) {
        List<RetrievedDocument> documents = search(query, filter, k).stream()
                .map(result -> new RetrievedDocument(result.document().id(), result.document().title(),
                        result.document().text(), result.score(), result.document().metadata()))
                .toList();
        return new RetrievalOutput(collectionName, documents);
    }

    @Override
    public void close() {
        index.close();
    }
}
