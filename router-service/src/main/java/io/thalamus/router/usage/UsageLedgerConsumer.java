package io.thalamus.router.usage;

import io.smallrye.mutiny.Uni;
import io.thalamus.api.usage.UsageEvent;
import io.thalamus.api.usage.UsageTopics;
import io.thalamus.router.kafka.RouterKafka;
import io.thalamus.router.kafka.TopicConsumer;
import jakarta.inject.Singleton;

/** Writes usage events from Kafka to the ledger, in the consumer group the router replicas share. */
@Singleton
public class UsageLedgerConsumer extends TopicConsumer<UsageEvent> {

    private final UsageLedger ledger;

    public UsageLedgerConsumer(UsageLedger ledger, RouterKafka kafka) {
        super(kafka, UsageTopics.EVENTS, "thalamus-router-usage", UsageEvent.class);
        this.ledger = ledger;
    }

    @Override
    protected Uni<?> store(UsageEvent event) {
        return ledger.record(event);
    }
}
