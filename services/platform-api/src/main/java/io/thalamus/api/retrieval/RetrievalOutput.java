package io.thalamus.api.retrieval;

import java.util.List;

/** Output of the {@code retrieval} task: the best documents, best first. */
public record RetrievalOutput(String collection, List<RetrievedDocument> documents) {
}
