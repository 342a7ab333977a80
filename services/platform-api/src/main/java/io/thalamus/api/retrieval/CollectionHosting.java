package io.thalamus.api.retrieval;

/** How a retrieval expert says that it hosts tenants' collections. */
public final class CollectionHosting {

    /** Node label of an expert that serves the collection API and searches collections named in {@code params}. */
    public static final String LABEL = "thalamus.dev/collections";

    private CollectionHosting() {
    }
}
