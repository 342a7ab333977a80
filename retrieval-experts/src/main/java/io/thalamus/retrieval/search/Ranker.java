package io.thalamus.retrieval.search;

import io.thalamus.retrieval.index.MetadataFilter;

import java.util.List;

/** One way to rank a collection's documents for a query text: BM25, or one embedding model. */
public interface Ranker {

    /** Short name for reports and configuration, e.g. {@code bm25} or an encoder name. */
    String name();

    /** The best {@code k} documents, best first. */
    default List<Hit> rank(String query, int k) {
        return rank(query, MetadataFilter.NONE, k);
    }

    /** The best {@code k} documents among those the filter lets through, best first. */
    List<Hit> rank(String query, MetadataFilter filter, int k);
}
