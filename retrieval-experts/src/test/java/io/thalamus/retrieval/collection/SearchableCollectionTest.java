package io.thalamus.retrieval.collection;

import io.thalamus.model.SentenceEncoder;
import io.thalamus.retrieval.corpus.Document;
import io.thalamus.retrieval.encoding.EncoderCatalog;
import io.thalamus.retrieval.expert.RetrievalConfig;
import io.thalamus.retrieval.index.MetadataFilter;
import io.thalamus.retrieval.ingest.TextChunker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hybrid search (BM25 + MiniLM) over a handful of documents, the index surviving a restart, and a collection
 * changed document by document: long texts split into chunks, replacement, deletion and metadata filters.
 */
class SearchableCollectionTest {

    private static final List<Document> DOCUMENTS = List.of(
            new Document("bone", "Vitamin D", "Vitamin D deficiency is associated with low bone mineral density.", Map.of()),
            new Document("heart", null, "Statins reduce the risk of cardiovascular events in adults.", Map.of()),
            new Document("sleep", "Sleep", "Sleep deprivation impairs the consolidation of memories.", Map.of()),
            new Document("flu", null, "Influenza vaccination lowers hospital admissions in the elderly.", Map.of()));

    private static SentenceEncoder minilm;
    private static Encoders encoders;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        minilm = EncoderCatalog.load(EncoderCatalog.MINILM,
                Path.of(System.getProperty("thalamus.build.dir", "target"), "djl-cache"), 1);
        encoders = Encoders.forRankers(List.of("bm25", EncoderCatalog.MINILM), minilm);
    }

    @AfterAll
    static void close() {
        minilm.close();
    }

    @Test
    void hybridSearchFindsTheDocumentAndARestartReusesTheIndex() {
        RetrievalConfig config = config(dir);
        try (SearchableCollection collection = open(config)) {
            collection.indexCorpus("toy", DOCUMENTS);
            List<SearchableCollection.Result> results = collection.search("Does lack of vitamin D weaken bones?", 2);

            assertThat(results).extracting(result -> result.document().id()).first().isEqualTo("bone");
            assertThat(results.get(0).document().title()).isEqualTo("Vitamin D");
        }
        try (SearchableCollection reopened = open(config)) {
            reopened.indexCorpus("toy", DOCUMENTS);
            assertThat(reopened.size()).isEqualTo(4);
            assertThat(reopened.search("memory and sleep loss", 1).get(0).document().id()).isEqualTo("sleep");
        }
    }

    @Test
    void aLongDocumentIsFoundByAPassageFarBeyondWhatTheEncoderReads() {
        String filler = "The committee reviewed the budget of the regional transport authority in detail. ".repeat(60);
        Document report = new Document("report", "Annual report", filler
                + "Penguins huddle together to survive the Antarctic winter.", Map.of("kind", "report"));
        try (SearchableCollection collection = open(config(dir))) {
            collection.upsert(List.of(report, DOCUMENTS.get(0)));

            assertThat(collection.documentCount()).isEqualTo(2);
            assertThat(collection.size()).isGreaterThan(3);
            List<SearchableCollection.Result> results = collection.search("how do penguins survive the cold", 1);
            assertThat(results).extracting(result -> result.document().id()).containsExactly("report");
            assertThat(results.get(0).document().text()).isEqualTo(report.text());
        }
    }

    @Test
    void documentsAreReplacedDeletedAndFilteredByMetadataAcrossRestarts() {
        RetrievalConfig config = config(dir);
        try (SearchableCollection collection = open(config)) {
            collection.upsert(List.of(
                    new Document("a", null, "Influenza vaccination lowers hospital admissions.", Map.of("year", "2020")),
                    new Document("b", null, "Flu shots reduce hospital stays among the elderly.", Map.of("year", "2021"))));
            collection.upsert(List.of(new Document("a", null, "Statins reduce cardiovascular events.", Map.of("year", "2020"))));

            assertThat(collection.documentCount()).isEqualTo(2);
            assertThat(collection.document("a")).get().extracting(Document::text).isEqualTo("Statins reduce cardiovascular events.");
            assertThat(collection.search("flu vaccine and hospital admissions", new MetadataFilter(Map.of("year", "2020")), 5))
                    .extracting(result -> result.document().id()).containsExactly("a");
            assertThat(collection.delete("b")).isTrue();
            assertThat(collection.delete("b")).isFalse();
        }
        try (SearchableCollection reopened = open(config)) {
            assertThat(reopened.documentCount()).isEqualTo(1);
            assertThat(reopened.document("b")).isEmpty();
            assertThat(reopened.search("heart disease drugs", 5)).extracting(result -> result.document().id())
                    .containsExactly("a");
        }
    }

    private SearchableCollection open(RetrievalConfig config) {
        return SearchableCollection.open(dir.resolve("toy"), config, encoders, new TextChunker(400, 50));
    }

    private static RetrievalConfig config(Path dir) {
        return new RetrievalConfig() {
            public String collection() { return "toy"; }
            public String corpusResource() { return "unused"; }
            public List<String> rankers() { return List.of("bm25", EncoderCatalog.MINILM); }
            public int fusionK() { return 60; }
            public int fusionCandidates() { return 100; }
            public String analysis() { return "english"; }
            public Path indexDir() { return dir; }
            public int indexBatchSize() { return 1; }
            public int defaultTopK() { return 5; }
            public int maxTopK() { return 100; }
            public int maxDocumentChars() { return 100_000; }
        };
    }
}
