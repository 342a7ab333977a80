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
 * <p>A document is indexed as one or more chunks (a long text is split so that every part of it is embedded);
 * the chunks of a document are written as one block, so a reader sees all of them or none, and searches answer
 * documents, each at the score of its best chunk. The first chunk stores the document itself.
 *
 * <p>The index remembers a fingerprint of what it was built from (corpus, models, analysis) in its commit data;
 * {@link #fingerprint()} tells a caller whether a persisted index can be reused as it is. Searches may run
 * concurrently; {@link #rebuild} replaces the whole content in one commit; {@link #replace} and {@link #delete}
 * change single documents and become visible (and durable) together at the next {@link #commit}.
 */
public final class LuceneIndex implements AutoCloseable {

    /** How documents are laid out in the index; part of a fingerprint, so an index of an older layout is rebuilt. */
    public static final String LAYOUT = "chunked-1";

    private static final String ID = "id";
    private static final String FIRST_CHUNK = "first";
    private static final String TITLE = "title";
    private static final String TEXT = "text";
    private static final String CONTENTS = "contents";
    private static final String META = "meta.";
    private static final String FILTER = "filter.";
    private static final String VECTOR = "vector.";
    private static final String FINGERPRINT = "fingerprint";

    private final Directory directory;
    private final Analyzer analyzer;
    private volatile DirectoryReader reader;
    private volatile IndexSearcher searcher;
    private IndexWriter writer;

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

    /** Chunks in the index: the documents of an index built by {@link #rebuild}, which does not split texts. */
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
        try {
            closeWriter();
            try (IndexWriter rebuilding = new IndexWriter(directory, writerConfig(IndexWriterConfig.OpenMode.CREATE))) {
                for (int i = 0; i < documents.size(); i++) {
                    Document document = documents.get(i);
                    rebuilding.addDocument(chunkFields(document, 0, document.text(), vectorsAt(vectorsByModel, i)));
                }
                rebuilding.setLiveCommitData(commitData(fingerprint).entrySet());
                rebuilding.forceMerge(1);
                rebuilding.commit();
            }
            reopen();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the index", e);
        }
    }

    /**
     * Replaces the document of this id (if any) with this one, indexed as these chunks of its text with, per model
     * name, one vector per chunk. Visible after the next {@link #commit}.
     */
    public synchronized void replace(Document document, List<String> chunks, Map<String, List<float[]>> vectorsByModel) {
        if (chunks.isEmpty()) {
            throw new IllegalArgumentException("document '" + document.id() + "' has no chunks");
        }
        vectorsByModel.forEach((model, vectors) -> {
            if (vectors.size() != chunks.size()) {
                throw new IllegalArgumentException(model + " has " + vectors.size() + " vectors for "
                        + chunks.size() + " chunks");
            }
        });
        List<List<IndexableField>> block = new ArrayList<>(chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            block.add(chunkFields(document, i, chunks.get(i), vectorsAt(vectorsByModel, i)));
        }
        try {
            writer().updateDocuments(new Term(ID, document.id()), block);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot index document '" + document.id() + "'", e);
        }
    }

    /**
     * The fields {@link #rebuild} gives a document indexed whole, as one chunk, with one vector per model name: for a
     * bulk loader that runs its own {@link IndexWriter} (the scale benchmark's) on an index read through this class.
     */
    public static List<IndexableField> documentFields(Document document, Map<String, float[]> vectors) {
        return chunkFields(document, 0, document.text(), vectors);
    }

    /** The commit data that records what an index was built from, as {@link #fingerprint()} reads it. */
    public static Map<String, String> commitData(String fingerprint) {
        return Map.of(FINGERPRINT, fingerprint);
    }

    /** Deletes the document of this id; visible after the next {@link #commit}. */
    public synchronized void delete(String id) {
        try {
            writer().deleteDocuments(new Term(ID, id));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete document '" + id + "'", e);
        }
    }

    /** Makes the changes since the last commit durable and visible, all together. */
    public synchronized void commit() {
        if (writer == null) {
            return;
        }
        try {
            writer.commit();
            reopen();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit the index", e);
        }
    }

    /** Documents in the index (chunks are not counted). */
    public int documentCount() {
        IndexSearcher current = searcher;
        try {
            return current == null ? 0 : current.count(new TermQuery(new Term(FIRST_CHUNK, "1")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot count documents", e);
        }
    }

    /** BM25 over title and text; the query is analysed like the documents and its terms are OR-ed. */
    public List<Hit> bm25(String query, int k) {
        return bm25(query, MetadataFilter.NONE, k);
    }

    public List<Hit> bm25(String query, MetadataFilter filter, int k) {
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
        if (terms == 0) {
            return List.of();
        }
        Query filterQuery = filter.query(FILTER);
        if (filterQuery != null) {
            builder.add(filterQuery, BooleanClause.Occur.FILTER);
        }
        return search(builder.build(), k);
    }

    /** Approximate nearest neighbours (HNSW) of a normalised query vector; scores are cosine similarities. */
    public List<Hit> nearest(String model, float[] vector, int k) {
        return nearest(model, vector, MetadataFilter.NONE, k);
    }

    public List<Hit> nearest(String model, float[] vector, MetadataFilter filter, int k) {
        Query filterQuery = filter.query(FILTER);
        List<Hit> hits = search(n -> new KnnFloatVectorQuery(VECTOR + model, vector, n, filterQuery), k);
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
                TopDocs found = current.search(firstChunkOf(id), 1);
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
            closeWriter();
            if (reader != null) {
                reader.close();
            }
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the index", e);
        }
    }

    private List<Hit> search(Query query, int k) {
        return search(n -> query, k);
    }

    /**
     * The best {@code k} documents: hits are chunks, so the search asks for more chunks until it has k distinct
     * documents or the index has no more (an index without split texts answers at the first try).
     */
    private List<Hit> search(java.util.function.IntFunction<Query> queryForDepth, int k) {
        IndexSearcher current = searcher;
        if (current == null) {
            return List.of();
        }
        try {
            int depth = k;
            while (true) {
                TopDocs top = current.search(queryForDepth.apply(depth), depth);
                Map<String, Hit> best = new LinkedHashMap<>();
                for (ScoreDoc scoreDoc : top.scoreDocs) {
                    String id = current.storedFields().document(scoreDoc.doc, java.util.Set.of(ID)).get(ID);
                    best.putIfAbsent(id, new Hit(id, scoreDoc.score));
                }
                boolean exhausted = top.scoreDocs.length < depth;
                if (best.size() >= k || exhausted || depth >= current.getIndexReader().numDocs()) {
                    return best.values().stream().limit(k).toList();
                }
                depth = Math.min(depth * 4, current.getIndexReader().numDocs());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot search the index", e);
        }
    }

    private IndexWriter writer() throws IOException {
        if (writer == null) {
            writer = new IndexWriter(directory, writerConfig(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
        }
        return writer;
    }

    private void closeWriter() throws IOException {
        if (writer != null) {
            // uncommitted changes are dropped, as after a crash: only commit() publishes
            writer.rollback();
            writer = null;
        }
    }

    private IndexWriterConfig writerConfig(IndexWriterConfig.OpenMode mode) {
        return new IndexWriterConfig(analyzer)
                .setOpenMode(mode)
                .setSimilarity(new BM25Similarity())
                .setRAMBufferSizeMB(256);
    }

    private static Query firstChunkOf(String id) {
        return new BooleanQuery.Builder()
                .add(new TermQuery(new Term(ID, id)), BooleanClause.Occur.FILTER)
                .add(new TermQuery(new Term(FIRST_CHUNK, "1")), BooleanClause.Occur.FILTER)
                .build();
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

    private static Map<String, float[]> vectorsAt(Map<String, List<float[]>> vectorsByModel, int row) {
        Map<String, float[]> vectors = new LinkedHashMap<>();
        vectorsByModel.forEach((model, list) -> vectors.put(model, list.get(row)));
        return vectors;
    }

    /** The first chunk stores the document (title, whole text, metadata); every chunk is searchable and filterable. */
    private static List<IndexableField> chunkFields(Document document, int chunk, String chunkText,
                                                    Map<String, float[]> vectors) {
        List<IndexableField> fields = new ArrayList<>();
        fields.add(new StringField(ID, document.id(), Field.Store.YES));
        if (chunk == 0) {
            fields.add(new StringField(FIRST_CHUNK, "1", Field.Store.NO));
            if (document.title() != null) {
                fields.add(new StoredField(TITLE, document.title()));
            }
            fields.add(new StoredField(TEXT, document.text()));
            document.metadata().forEach((key, value) -> fields.add(new StoredField(META + key, value)));
        }
        String contents = document.title() == null ? chunkText : document.title() + "\n" + chunkText;
        fields.add(new TextField(CONTENTS, contents, Field.Store.NO));
        document.metadata().forEach((key, value) -> fields.add(new StringField(FILTER + key, value, Field.Store.NO)));
        vectors.forEach((model, vector) -> fields.add(
                new KnnFloatVectorField(VECTOR + model, vector, VectorSimilarityFunction.DOT_PRODUCT)));
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
