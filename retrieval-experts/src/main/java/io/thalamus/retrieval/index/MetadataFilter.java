package io.thalamus.retrieval.index;

import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

import java.util.Map;

/** Documents whose metadata has each of these values (exact match on every key). */
public record MetadataFilter(Map<String, String> equalTo) {

    public static final MetadataFilter NONE = new MetadataFilter(Map.of());

    public MetadataFilter {
        equalTo = equalTo == null ? Map.of() : Map.copyOf(equalTo);
    }

    public boolean isEmpty() {
        return equalTo.isEmpty();
    }

    /** The Lucene filter over the indexed metadata fields; null when there is nothing to filter. */
    Query query(String fieldPrefix) {
        if (equalTo.isEmpty()) {
            return null;
        }
        BooleanQuery.Builder builder = new BooleanQuery.Builder();
        equalTo.forEach((key, value) -> builder.add(new TermQuery(new Term(fieldPrefix + key, value)),
                BooleanClause.Occur.FILTER));
        return builder.build();
    }
}
