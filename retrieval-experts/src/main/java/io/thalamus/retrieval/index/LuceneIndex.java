package io.thalamus.retrieval.index;

import io.thalamus.retrieval.corpus.Document;
import io.thalamus.retrieval.search.Hit;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.MMapDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One collection on disk (memory-mapped Lucene index): stored documents, a BM25 field over title and text, and
 * one HNSW vector field per embedding model (dot product of L2-normalised vectors, i.e. cosine).
 *
 * <p>The index remembers a fingerprint of what it was built from (corpus, models, analysis) in its commit data;
 * {@link #fingerprint()} tells a caller whether a persisted index can be reused as it is. Searches may run
 * concurrently; {@link #rebuild} replaces the whole content in one commit.
 */
public final class LuceneIndex implements AutoCloseable {

    private static final String ID = "id";
    private static final String TITLE = "title";
    private static final String TEXT = "text";
    private static final String CONTENTS = "contents";
    private static final String META = "meta.";
    private static final String VECTOR = "vector.";
    private static final String FINGERPRINT = "fingerprint";

    private final Directory directory;
    private final Analyzer analyzer;
    private volatile DirectoryReader reader;
    private volatile IndexSearcher searcher;

    private LuceneIndex(Directory directory, Analyzer analyzer) {
        this.directory = directory;
        this.analyzer = analyzer;
    }

    /** Opens the index in {@code dir}, creating the directory if needed; an empty index until {@link #rebuild}. */
    public static LuceneIndex open(Path dir, TextAnalysis analysis) {
        try {
            Files.createDirectories(dir);
            LuceneIndex index = new LuceneIndex(new MMapDirectory(dir), analysis.analyzer());
            if (DirectoryReader.indexExists(index.directory)) {
                index.reopen();
            }
            return index;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the index in " + dir, e);
        }
    }

    /** What the current content was built from; {@code null} for an empty index. */
    public String fingerprint() {
        DirectoryReader current = reader;
        try {
            return current == null ? null : current.getIndexCommit().getUserData().get(FINGERPRINT);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the index's commit data", e);
        }
    }

    public int size() {
        DirectoryReader current = reader;
        return current == null ? 0 : current.numDocs();
    }

    /**
     * Replaces the content with these documents and, per model name, their vectors (same order as the documents).
     */
    public synchronized void rebuild(List<Document> documents, Map<String, List<float[]>> vectorsByModel,
                                     String fingerprint) {
        vectorsByModel.forEach((model, vectors) -> {
            if (vectors.size() != documents.size()) {
                throw new IllegalArgumentException(model + " has " + vectors.size() + " vectors for "
                        + documents.size() + " documents");
            }
        });
        IndexWriterConfig config = new IndexWriterConfig(analyzer)
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                .setSimilarity(new BM25Similarity())
                .setRAMBufferSizeMB(256);
        try (IndexWriter writer = new IndexWriter(directory, config)) {
            for (int i = 0; i < documents.size(); i++) {
                writer.addDocument(fields(documents.get(i), vectorsByModel, i));
            }
            writer.setLiveCommitData(Map.of(FINGERPRINT, fingerprint).entrySet());
            writer.forceMerge(1);
            writer.commit();
            reopen();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the index", e);
        }
    }

    /** BM25 over title and text; the query is analysed like the documents and its terms are OR-ed. */
    public List<Hit> bm25(String query, int k) {
        BooleanQuery.Builder builder = new BooleanQuery.Builder();
        int terms = 0;
        try (TokenStream stream = analyzer.tokenStream(CONTENTS, query)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken() && terms < IndexSearcher.getMaxClauseCount()) {
                builder.add(new TermQuery(new Term(CONTENTS, term.toString())), BooleanClause.Occur.SHOULD);
                terms++;
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot analyse the query", e);
        }
        return terms == 0 ? List.of() : search(builder.build(), k);
    }

    /** Approximate nearest neighbours (HNSW) of a normalised query vector; scores are cosine similarities. */
    public List<Hit> nearest(String model, float[] vector, int k) {
        List<Hit> hits = search(new KnnFloatVectorQuery(VECTOR + model, vector, k), k);
        // Lucene scores DOT_PRODUCT as (1 + dot) / 2; answer the cosine itself
        return hits.stream().map(hit -> new Hit(hit.id(), 2 * hit.score() - 1)).toList();
    }

    /** The stored documents with these ids, in the same order; ids not in the index are left out. */
    public List<Document> documents(List<String> ids) {
        IndexSearcher current = searcher;
        if (current == null) {
            return List.of();
        }
        List<Document> documents = new ArrayList<>(ids.size());
        try {
            for (String id : ids) {
                TopDocs found = current.search(new TermQuery(new Term(ID, id)), 1);
                if (found.scoreDocs.length > 0) {
                    documents.add(document(current.storedFields().document(found.scoreDocs[0].doc)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read documents from the index", e);
        }
        return documents;
    }

    @Override
    public synchronized void close() {
        try {
            if (reader != null) {
                reader.close();
            }
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the index", e);
        }
    }

    private List<Hit> search(Query query, int k) {
        IndexSearcher current = searcher;
        if (current == null) {
            return List.of();
        }
        try {
            TopDocs top = current.search(query, k);
            List<Hit> hits = new ArrayList<>(top.scoreDocs.length);
            for (ScoreDoc scoreDoc : top.scoreDocs) {
                String id = current.storedFields().document(scoreDoc.doc, java.util.Set.of(ID)).get(ID);
                hits.add(new Hit(id, scoreDoc.score));
            }
            return hits;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot search the index", e);
        }
    }

    private void reopen() throws IOException {
        DirectoryReader old = reader;
        DirectoryReader fresh = DirectoryReader.open(directory);
        IndexSearcher freshSearcher = new IndexSearcher(fresh);
        freshSearcher.setSimilarity(new BM25Similarity());
        reader = fresh;
        searcher = freshSearcher;
        if (old != null) {
            old.close();
        }
    }

    private static List<IndexableField> fields(Document document, Map<String, List<float[]>> vectorsByModel, int row) {
        List<IndexableField> fields = new ArrayList<>();
        fields.add(new StringField(ID, document.id(), Field.Store.YES));
        if (document.title() != null) {
            fields.add(new StoredField(TITLE, document.title()));
        }
        fields.add(new StoredField(TEXT, document.text()));
        String contents = document.title() == null ? document.text() : document.title() + "\n" + document.text();
        fields.add(new TextField(CONTENTS, contents, Field.Store.NO));
        document.metadata().forEach((key, value) -> fields.add(new StoredField(META + key, value)));
        vectorsByModel.forEach((model, vectors) -> fields.add(
                new KnnFloatVectorField(VECTOR + model, vectors.get(row), VectorSimilarityFunction.DOT_PRODUCT)));
        return fields;
    }

    private static Document document(org.apache.lucene.document.Document stored) {
        Map<String, String> metadata = new LinkedHashMap<>();
        for (IndexableField field : stored.getFields()) {
            if (field.name().startsWith(META)) {
                metadata.put(field.name().substring(META.length()), field.stringValue());
            }
        }
        return new Document(stored.get(ID), stored.get(TITLE), stored.get(TEXT), metadata);
    }
}
