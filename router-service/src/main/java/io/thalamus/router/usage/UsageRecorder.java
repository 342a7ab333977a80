package io.thalamus.router.usage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.thalamus.api.Json;
import io.thalamus.api.usage.UsageEvent;
import io.thalamus.api.usage.UsageTopics;
import io.thalamus.router.job.JobConfig;
import io.thalamus.router.kafka.RouterKafka;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import java.io.UncheckedIOException;

/**
 * Publishes every finished task's usage event to Kafka, keyed by tenant, without holding up the request. When
 * Kafka does not take an event within the send timeout, the event is written to the ledger directly, so usage is
 * not lost while the broker is away (the ledger ignores a second copy of an event).
 */
@ApplicationScoped
public class UsageRecorder {

    private static final Logger LOG = Logger.getLogger(UsageRecorder.class);

    private final RouterKafka kafka;
    private final JobConfig jobConfig;
    private final UsageLedger ledger;
    private final ObjectMapper json = Json.newMapper();
    private volatile KafkaProducer<String, String> producer;

    public UsageRecorder(RouterKafka kafka, JobConfig jobConfig, UsageLedger ledger) {
        this.kafka = kafka;
        this.jobConfig = jobConfig;
        this.ledger = ledger;
    }

    public void record(UsageEvent event) {
        String value;
        try {
            value = json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        try {
            producer().send(new ProducerRecord<>(UsageTopics.EVENTS, event.tenant(), value), (metadata, failure) -> {
                if (failure != null) {
                    writeDirectly(event, failure);
                }
            });
        } catch (RuntimeException failure) {
            writeDirectly(event, failure);
        }
    }

    private void writeDirectly(UsageEvent event, Throwable failure) {
        LOG.warnf("Kafka did not take the usage event of request %s (%s); writing it to the ledger directly",
                event.requestId(), failure.toString());
        ledger.record(event).subscribe().with(recorded -> {
        }, error -> LOG.errorf("Usage event of request %s of tenant '%s' is lost: %s", event.requestId(),
                event.tenant(), error.toString()));
    }

    private KafkaProducer<String, String> producer() {
        if (producer == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = new KafkaProducer<>(kafka.producerSettings(jobConfig.sendTimeout()));
                }
            }
        }
        return producer;
    }

    void stop(@Observes ShutdownEvent event) {
        if (producer != null) {
            producer.close();
        }
    }
}
