package io.thalamus.api.usage;

/** Kafka topic of usage events. */
public final class UsageTopics {

    /** One event per finished task, keyed by tenant. */
    public static final String EVENTS = "thalamus.usage";

    private UsageTopics() {
    }
}
