package io.thalamus.retrieval.search;

import io.thalamus.model.SentenceEncoder;
import io.thalamus.retrieval.index.LuceneIndex;
import io.thalamus.retrieval.index.MetadataFilter;

import java.util.List;

/**
 * Semantic ranking with one embedding model: the query is embedded alone (with the model's query prefix) and
 * searched among the documents' vectors of the same model.
 */
public final class DenseRanker implements Ranker {

    private final SentenceEncoder encoder;
    private final LuceneIndex index;

    public DenseRanker(SentenceEncoder encoder, LuceneIndex index) {
        this.encoder = encoder;
        this.index = index;
    }

    @Override
    public String name() {
        return encoder.name();
    }

    @Override
    public List<Hit> rank(String query, MetadataFilter filter, int k) {
        return index.nearest(encoder.name(), encoder.embedQuery(query), filter, k);
    }
}
