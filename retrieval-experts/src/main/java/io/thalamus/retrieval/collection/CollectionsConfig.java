package io.thalamus.retrieval.collection;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Tenants' collections on this expert: where they live and every limit on them. */
@ConfigMapping(prefix = "thalamus.collections")
public interface CollectionsConfig {

    /** Collections one tenant may hold on this expert. */
    @WithDefault("50")
    int maxPerTenant();

    /** Largest JSON Lines upload, in bytes. */
    @WithDefault("33554432")
    long maxUploadBytes();

    /** An upload of at most this many documents is answered when indexed (200); a larger one runs in the background (202). */
    @WithDefault("64")
    int syncMaxDocuments();

    /** How long a small upload may take before the answer becomes 202 with the ingestion to poll. */
    @WithDefault("30s")
    Duration syncWait();

    /** Documents embedded and committed together while ingesting; a crash loses at most the batch in progress. */
    @WithDefault("32")
    int documentsPerCommit();

    /** Ingestions running at the same time on this expert (the others wait in order). */
    @WithDefault("1")
    int ingestionThreads();

    /** Longest chunk of a document's text that is embedded as one, in characters. */
    @WithDefault("1200")
    int chunkChars();

    /** Characters a chunk repeats from the end of the previous one. */
    @WithDefault("150")
    int chunkOverlapChars();

    @WithDefault("512")
    int maxIdChars();

    @WithDefault("32")
    int maxMetadataKeys();

    @WithDefault("512")
    int maxMetadataValueChars();

    /** Metadata filters one search may carry. */
    @WithDefault("8")
    int maxFilterKeys();
}
