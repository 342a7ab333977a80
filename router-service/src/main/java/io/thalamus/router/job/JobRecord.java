package io.thalamus.router.job;

import io.thalamus.api.routing.TaskStatus;

import java.time.Instant;
import java.util.UUID;

/** One job as stored; the JSON columns are kept as text. */
record JobRecord(UUID id, String tenant, String task, String expertId, TaskStatus state, String request,
                 String routing, String result, String error, Instant createdAt, Instant finishedAt,
                 String reservation) {
}
