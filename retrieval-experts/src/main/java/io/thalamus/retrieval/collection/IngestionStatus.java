package io.thalamus.retrieval.collection;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.thalamus.api.problem.FieldError;

import java.time.Instant;
import java.util.List;

/**
 * Progress of one upload into a collection.
 *
 * @param accepted documents that passed validation and are (being) indexed
 * @param indexed  accepted documents already committed to the index
 * @param rejected one error per line that was not accepted, with its line number
 * @param error    why the ingestion failed, when it did
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IngestionStatus(String id, String collection, State state, int lines, int accepted, int indexed,
                              List<FieldError> rejected, Instant submittedAt, Instant finishedAt, String error) {

    public enum State { QUEUED, RUNNING, SUCCEEDED, FAILED }

    public IngestionStatus {
        rejected = rejected == null ? List.of() : List.copyOf(rejected);
    }

    public boolean finished() {
        return state == State.SUCCEEDED || state == State.FAILED;
    }

    IngestionStatus running(int indexedSoFar) {
        return new IngestionStatus(id, collection, State.RUNNING, lines, accepted, indexedSoFar, rejected, submittedAt,
                null, null);
    }

    IngestionStatus succeeded() {
        return new IngestionStatus(id, collection, State.SUCCEEDED, lines, accepted, accepted, rejected, submittedAt,
                Instant.now(), null);
    }

    IngestionStatus failed(String reason) {
        return new IngestionStatus(id, collection, State.FAILED, lines, accepted, indexed, rejected, submittedAt,
                Instant.now(), reason);
    }
}
