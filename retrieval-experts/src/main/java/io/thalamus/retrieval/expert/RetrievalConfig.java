package io.thalamus.retrieval.expert;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.List;

/** What a retrieval expert serves, how it ranks, and its limits. */
@ConfigMapping(prefix = "thalamus.retrieval")
public interface RetrievalConfig {

    /** Name of the collection this expert answers from. */
    @WithDefault("scifact-sample")
    String collection();

    /** JSON Lines corpus on the classpath, indexed at start-up unless the persisted index already holds it. */
    @WithDefault("corpus/scifact-sample.jsonl")
    String corpusResource();

    /**
     * How documents are ranked: {@code bm25} and/or encoder names (see EncoderCatalog); several rankers are fused
     * by reciprocal rank fusion. The default is the best measured on SciFact (docs/retrieval.md).
     */
    @WithDefault("bm25,bge-small-en-v1.5-q,e5-small-v2-q")
    List<String> rankers();

    /** The k of reciprocal rank fusion, 1 / (k + rank). */
    @WithDefault("60")
    int fusionK();

    /** Documents each ranker contributes to the fusion (at least topK). */
    @WithDefault("100")
    int fusionCandidates();

    /** Text analysis of the BM25 field: {@code english} (stemming, stop words) or {@code standard}. */
    @WithDefault("english")
    String analysis();

    /** Where the collection's Lucene index lives; it survives restarts and is rebuilt only when the corpus changes. */
    @WithDefault("${thalamus.data-dir:${thalamus.build.dir:${java.io.tmpdir}}}/retrieval-index")
    Path indexDir();

    /** Documents per forward pass while indexing; 1 embeds each document alone, exactly like queries. */
    @WithDefault("1")
    int indexBatchSize();

    @WithDefault("5")
    int defaultTopK();

    @WithDefault("100")
    int maxTopK();

    /** Longest document text accepted, in characters. */
    @WithDefault("100000")
    int maxDocumentChars();
}
