package io.thalamus.retrieval.expert;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What a retrieval expert serves and its limits. */
@ConfigMapping(prefix = "thalamus.retrieval")
public interface RetrievalConfig {

    /** Name of the collection this expert answers from. */
    @WithDefault("scifact-sample")
    String collection();

    /** JSON Lines corpus on the classpath, loaded and embedded at start-up. */
    @WithDefault("corpus/scifact-sample.jsonl")
    String corpusResource();

    /** Documents embedded per forward pass while indexing. */
    @WithDefault("16")
    int indexBatchSize();

    @WithDefault("5")
    int defaultTopK();

    @WithDefault("100")
    int maxTopK();

    /** Longest document text accepted, in characters. */
    @WithDefault("100000")
    int maxDocumentChars();
}
