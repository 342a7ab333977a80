package io.thalamus.router.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.thalamus.api.Json;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads JSON records of one topic on a thread of its own, as a member of a consumer group shared by the router
 * replicas, and commits offsets only after every record read was stored: a record is never lost when a router
 * stops, and one that is read twice must be harmless to store again. A failing round is read again from the last
 * committed offset; unreadable records are logged and skipped.
 *
 * <p>It starts and stops with the application; subclasses are beans ({@code @Singleton}: the base class has no
 * constructor a client proxy could use).
 */
public abstract class TopicConsumer<T> {

    private static final Duration POLL = Duration.ofMillis(500);

    private final Logger log = Logger.getLogger(getClass());
    private final RouterKafka kafka;
    private final String topic;
    private final String group;
    private final Class<T> type;
    private final ObjectMapper json = Json.newMapper();
    private volatile boolean running;
    private volatile KafkaConsumer<String, String> consumer;
    private Thread thread;

    protected TopicConsumer(RouterKafka kafka, String topic, String group, Class<T> type) {
        this.kafka = kafka;
        this.type = type;
        this.topic = topic;
        this.group = group;
    }

    /** Stores one record's value; a failure makes the round's records be read again. */
    protected abstract Uni<?> store(T value);

    protected void onStart(@Observes StartupEvent event) {
        start();
    }

    protected void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        stop();
    }

    private void start() {
        running = true;
        thread = new Thread(this::run, topic + "-consumer");
        thread.setDaemon(true);
        thread.start();
    }

    private void stop() throws InterruptedException {
        running = false;
        KafkaConsumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            thread.join(10_000);
        }
    }

    private void run() {
        while (running) {
            try {
                kafka.ensureTopics();
                consume();
            } catch (WakeupException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable e) {
                if (!running) {
                    return;
                }
                log.warnf(e, "Reading %s failed; retrying", topic);
                sleep(Duration.ofSeconds(1));
            }
        }
    }

    private void consume() throws Throwable {
        try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(kafka.consumerSettings(group))) {
            consumer = reader;
            reader.subscribe(List.of(topic));
            while (running) {
                ConsumerRecords<String, String> records = reader.poll(POLL);
                if (!records.isEmpty()) {
                    store(records);
                    reader.commitSync();
                }
            }
        }
    }

    private void store(ConsumerRecords<String, String> records) throws Throwable {
        List<T> values = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            try {
                values.add(json.readValue(record.value(), type));
            } catch (JsonProcessingException e) {
                log.warnf("Skipping an unreadable record at %s-%d@%d: %s", record.topic(), record.partition(),
                        record.offset(), e.getOriginalMessage());
            }
        }
        VertxContextSupport.subscribeAndAwait(() -> Multi.createFrom().iterable(values)
                .onItem().transformToUniAndConcatenate(this::store)
                .collect().asList());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
