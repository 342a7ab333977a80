package io.thalamus.retrieval.search;

import io.thalamus.retrieval.index.MetadataFilter;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Answers a query with one ranker, or with several whose rankings are fused. Each ranker contributes its best
 * {@code candidates} documents (at least k) to the fusion.
 */
public final class Retriever {

    private final List<Ranker> rankers;
    private final Fusion fusion;
    private final int candidates;

    public Retriever(List<Ranker> rankers, Fusion fusion, int candidates) {
        if (rankers.isEmpty()) {
            throw new IllegalArgumentException("a retriever needs at least one ranker");
        }
        this.rankers = List.copyOf(rankers);
        this.fusion = fusion;
        this.candidates = candidates;
    }

    public List<Hit> search(String query, int k) {
        return search(query, MetadataFilter.NONE, k);
    }

    public List<Hit> search(String query, MetadataFilter filter, int k) {
        if (rankers.size() == 1) {
            return rankers.get(0).rank(query, filter, k);
        }
        int depth = Math.max(k, candidates);
        List<List<Hit>> rankings = new ArrayList<>(rankers.size());
        for (Ranker ranker : rankers) {
            rankings.add(ranker.rank(query, filter, depth));
        }
        return fusion.fuse(rankings, k);
    }

    /** e.g. {@code bge-small-en-v15-q}, or {@code bm25+bge-small-en-v15-q rrf(k=60)}. */
    public String name() {
        String names = rankers.stream().map(Ranker::name).collect(Collectors.joining("+"));
        return rankers.size() == 1 ? names : names + " " + fusion;
    }
}
