package io.thalamus.router.usage;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.thalamus.api.usage.UsageEvent;
import io.thalamus.api.usage.UsageTopics;
import io.thalamus.router.kafka.RouterKafka;
import io.thalamus.router.kafka.TopicConsumer;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/** Writes usage events from Kafka to the ledger, in the consumer group the router replicas share. */
@Singleton
public class UsageLedgerConsumer extends TopicConsumer<UsageEvent> {

    private final UsageLedger ledger;

    public UsageLedgerConsumer(UsageLedger ledger, RouterKafka kafka) {
        super(kafka, UsageTopics.EVENTS, "thalamus-router-usage", UsageEvent.class);
        this.ledger = ledger;
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        stop();
    }

    @Override
    protected Uni<?> store(UsageEvent event) {
        return ledger.record(event);
    }
}
