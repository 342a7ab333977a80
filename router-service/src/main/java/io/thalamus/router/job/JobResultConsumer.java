package io.thalamus.router.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.thalamus.api.Json;
import io.thalamus.api.job.JobResult;
import io.thalamus.api.job.JobTopics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Records job results from Kafka in PostgreSQL. The router replicas share one consumer group; offsets are committed
 * only after the results are stored, so a result is never lost when a router stops, and one that is read twice is
 * ignored the second time (a job keeps its first outcome).
 */
@ApplicationScoped
public class JobResultConsumer {

    private static final Logger LOG = Logger.getLogger(JobResultConsumer.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final JobService jobs;
    private final JobKafka kafka;
    private final ObjectMapper json = Json.newMapper();
    private volatile boolean running;
    private volatile KafkaConsumer<String, String> consumer;
    private Thread thread;

    public JobResultConsumer(JobService jobs, JobKafka kafka) {
        this.jobs = jobs;
        this.kafka = kafka;
    }

    void start(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::run, "job-results");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
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
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                LOG.warn("Reading job results failed; retrying", e);
                sleep(Duration.ofSeconds(1));
            }
        }
    }

    private void consume() {
        try (KafkaConsumer<String, String> results = new KafkaConsumer<>(kafka.settings(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "thalamus-router-jobs",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class)))) {
            consumer = results;
            results.subscribe(List.of(JobTopics.RESULTS));
            while (running) {
                ConsumerRecords<String, String> records = results.poll(POLL);
                if (!records.isEmpty()) {
                    store(records);
                    results.commitSync();
                }
            }
        }
    }

    private void store(ConsumerRecords<String, String> records) {
        List<JobResult> batch = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                batch.add(json.readValue(record.value(), JobResult.class));
            } catch (JsonProcessingException e) {
                LOG.warnf("Skipping an unreadable job result at %s-%d@%d: %s", record.topic(), record.partition(),
                        record.offset(), e.getOriginalMessage());
            }
        }
        try {
            VertxContextSupport.subscribeAndAwait(() -> Multi.createFrom().iterable(batch)
                    .onItem().transformToUniAndConcatenate(jobs::record)
                    .collect().asList());
        } catch (Throwable e) {
            throw new IllegalStateException("could not store job results", e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
