package io.thalamus.retrieval.expert;

import io.thalamus.model.SentenceEncoder;
import io.thalamus.retrieval.corpus.Document;
import io.thalamus.retrieval.encoding.EncoderCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Hybrid search (BM25 + MiniLM) over a handful of documents, and the index surviving a restart. */
class SearchableCollectionTest {

    private static final List<Document> DOCUMENTS = List.of(
            new Document("bone", "Vitamin D", "Vitamin D deficiency is associated with low bone mineral density.", Map.of()),
            new Document("heart", null, "Statins reduce the risk of cardiovascular events in adults.", Map.of()),
            new Document("sleep", "Sleep", "Sleep deprivation impairs the consolidation of memories.", Map.of()),
            new Document("flu", null, "Influenza vaccination lowers hospital admissions in the elderly.", Map.of()));

    private static SentenceEncoder minilm;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        minilm = EncoderCatalog.load(EncoderCatalog.MINILM,
                Path.of(System.getProperty("thalamus.build.dir", "target"), "djl-cache"), 1);
    }

    @AfterAll
    static void close() {
        minilm.close();
    }

    @Test
    void hybridSearchFindsTheDocumentAndARestartReusesTheIndex() {
        RetrievalConfig config = config(dir);
        try (SearchableCollection collection = SearchableCollection.open(config, DOCUMENTS, minilm)) {
            List<SearchableCollection.Result> results = collection.search("Does lack of vitamin D weaken bones?", 2);

            assertThat(results).extracting(result -> result.document().id()).first().isEqualTo("bone");
            assertThat(results.get(0).document().title()).isEqualTo("Vitamin D");
        }
        try (SearchableCollection reopened = SearchableCollection.open(config, DOCUMENTS, minilm)) {
            assertThat(reopened.size()).isEqualTo(4);
            assertThat(reopened.search("memory and sleep loss", 1).get(0).document().id()).isEqualTo("sleep");
        }
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
