package io.thalamus.api.retrieval;

/** Parameter names the {@code retrieval} task understands in {@code params}. */
public final class RetrievalParams {

    public static final String TOP_K = "topK";
    /** A tenant's collection to search instead of the expert's own corpus. */
    public static final String COLLECTION = "collection";
    /** Metadata filter: an object of key → value; a document matches when its metadata has every pair. */
    public static final String FILTER = "filter";

    private RetrievalParams() {
    }
}
