package io.thalamus.retrieval.collection;

import java.time.Instant;
import java.util.List;

/** What a tenant sees of one of its collections. */
public record CollectionInfo(String name, Instant createdAt, int documents, List<String> rankers) {
}
