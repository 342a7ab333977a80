package io.thalamus.retrieval.search;

import java.util.List;

/** Merges the rankings several rankers gave for one query into one ranking. */
public interface Fusion {

    /** @param rankings one list per ranker, each best first; @return the best {@code k} documents, best first */
    List<Hit> fuse(List<List<Hit>> rankings, int k);
}
