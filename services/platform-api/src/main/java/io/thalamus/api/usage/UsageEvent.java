package io.thalamus.api.usage;

import java.time.Instant;

/**
 * What one finished task cost, published to {@link UsageTopics#EVENTS} and kept in the usage ledger.
 *
 * @param requestId  the task's id; the ledger keeps the first event of an id and ignores the others
 * @param expertId   the expert that served it; null when no expert did
 * @param credits    credits charged (experts' cost models); 0 when it failed
 * @param gpuMillis  GPU time the expert reported
 * @param latencyMs  time from admission to answer, as the router measured it
 */
public record UsageEvent(String requestId, String tenant, String task, String expertId, Outcome outcome,
                         double credits, long gpuMillis, long latencyMs, Instant occurredAt) {

    public enum Outcome {
        SUCCEEDED, FAILED
    }
}
