package io.thalamus.router.job;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.thalamus.api.job.JobTopics;
import io.thalamus.api.task.TaskId;
import io.thalamus.router.kafka.RouterKafka;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Semaphore;

/**
 * Hands stored jobs to their experts: publishes jobs not yet handed off to the job topic of their task (keyed by
 * job id), then marks them, in the transaction that locked them. A job is marked only after Kafka acknowledged it,
 * so no job is lost if the router or the broker stops; a stop between the two publishes it again, and the expert
 * runs a job it already ran at most once more (it remembers recent job ids).
 */
@ApplicationScoped
public class JobRelay {

    private static final Logger LOG = Logger.getLogger(JobRelay.class);

    private final JobRepository jobs;
    private final RouterKafka kafka;
    private final JobConfig config;
    private final Semaphore wakeUps = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;
    private volatile KafkaProducer<String, String> producer;

    public JobRelay(JobRepository jobs, RouterKafka kafka, JobConfig config) {
        this.jobs = jobs;
        this.kafka = kafka;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::run, "job-relay");
        thread.setDaemon(true);
        thread.start();
    }

    /** Asks for a relay round now, instead of at the next interval. */
    public void wakeUp() {
        if (wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    private void run() {
        while (running) {
            try {
                int published = VertxContextSupport.subscribeAndAwait(this::relay);
                if (published < config.relayBatch()) {
                    waitForWork();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable failure) {
                if (!running) {
                    return;
                }
                LOG.warn("Handing jobs to Kafka failed; retrying in " + config.relayInterval(), failure);
                try {
                    waitForWork();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void waitForWork() throws InterruptedException {
        if (wakeUps.tryAcquire(config.relayInterval().toMillis(), TimeUnit.MILLISECONDS)) {
            wakeUps.drainPermits();
        }
    }

    /** Publishes one batch of waiting jobs; returns how many. */
    public Uni<Integer> relay() {
        return jobs.pool().withTransaction(tx -> jobs.lockWaiting(tx, config.relayBatch())
                .chain(waiting -> waiting.isEmpty() ? Uni.createFrom().item(0)
                        : VertxContextSupport.executeBlocking(() -> publish(waiting))
                                .chain(published -> jobs.markHandedOff(tx, published, Instant.now())
                                        .replaceWith(published.size()))));
    }

    private List<UUID> publish(List<JobRecord> waiting) throws Exception {
        kafka.ensureTopics();
        KafkaProducer<String, String> sender = producer();
        List<Future<RecordMetadata>> sends = new ArrayList<>(waiting.size());
        for (JobRecord job : waiting) {
            sends.add(sender.send(new ProducerRecord<>(JobTopics.requests(TaskId.of(job.task())),
                    job.id().toString(), job.request())));
        }
        List<UUID> published = new ArrayList<>(waiting.size());
        for (int i = 0; i < sends.size(); i++) {
            sends.get(i).get(config.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
            published.add(waiting.get(i).id());
        }
        return published;
    }

    private KafkaProducer<String, String> producer() {
        if (producer == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = new KafkaProducer<>(kafka.producerSettings(config.sendTimeout()));
                }
            }
        }
        return producer;
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(config.sendTimeout().toMillis());
        }
        if (producer != null) {
            producer.close();
        }
    }
}
