package io.thalamus.retrieval.search;

import io.thalamus.retrieval.index.LuceneIndex;
import io.thalamus.retrieval.index.MetadataFilter;

import java.util.List;

/** Lexical ranking: BM25 (k1 = 1.2, b = 0.75) over the index's title and text. */
public final class Bm25Ranker implements Ranker {

    public static final String NAME = "bm25";

    private final LuceneIndex index;

    public Bm25Ranker(LuceneIndex index) {
        this.index = index;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Hit> rank(String query, MetadataFilter filter, int k) {
        return index.bm25(query, filter, k);
    }
}
