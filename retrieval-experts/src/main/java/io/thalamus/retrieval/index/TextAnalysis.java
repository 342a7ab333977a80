package io.thalamus.retrieval.index;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;

/** How the BM25 field turns text into terms. */
public enum TextAnalysis {
    /** Standard tokens, lower case, English stop words, possessives removed, Porter stemming. */
    ENGLISH,
    /** Standard tokens, lower case; no stop words, no stemming. */
    STANDARD;

    public Analyzer analyzer() {
        return switch (this) {
            case ENGLISH -> new EnglishAnalyzer();
            case STANDARD -> new StandardAnalyzer();
        };
    }
}
