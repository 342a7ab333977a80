package io.thalamus.api.retrieval;

/** Parameter names the {@code retrieval} task understands in {@code params}. */
public final class RetrievalParams {

    public static final String TOP_K = "topK";
    public static final String COLLECTION = "collection";

    private RetrievalParams() {
    }
}
