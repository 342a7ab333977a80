package io.thalamus.expert.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.thalamus.api.Json;
import io.thalamus.api.job.JobRequest;
import io.thalamus.api.job.JobResult;
import io.thalamus.api.job.JobTopics;
import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;
import io.thalamus.expert.config.ExpertConfig;
import io.thalamus.expert.invoke.InvocationService;
import io.thalamus.expert.spi.Expert;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Takes the jobs addressed to this expert from the job topics of its tasks and publishes one result per job.
 *
 * <p>Each poll's jobs are submitted together (the micro-batcher may batch them); their results and the consumed
 * offsets are committed in one Kafka transaction, so a job's result is published exactly once even if the expert
 * dies mid-way: uncommitted jobs are taken again after a restart. Job ids already done are remembered, so a job the
 * router handed over twice runs once while the expert lives.
 */
@ApplicationScoped
public class JobWorker {

    private static final Logger LOG = Logger.getLogger(JobWorker.class);

    private final InvocationService invocations;
    private final Expert expert;
    private final ExpertConfig.Jobs config;
    private final String expertId;
    private final List<String> topics;
    private final String bootstrapServers;
    private final ObjectMapper json = Json.newMapper();
    private final RecentJobs done;
    private volatile boolean running;
    private volatile KafkaConsumer<String, String> consumer;
    private Thread thread;

    public JobWorker(InvocationService invocations, Expert expert, ExpertConfig config, Config rawConfig) {
        this.invocations = invocations;
        this.expert = expert;
        this.config = config.jobs();
        this.expertId = config.id();
        this.topics = config.tasks().stream().map(JobTopics::requests).toList();
        this.bootstrapServers = config.jobs().bootstrapServers()
                .or(() -> rawConfig.getOptionalValue("kafka.bootstrap.servers", String.class))
                .orElse("");
        this.done = new RecentJobs(config.jobs().rememberedJobs());
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        if (bootstrapServers.isBlank()) {
            throw new IllegalStateException("thalamus.expert.jobs.enabled is true but no Kafka bootstrap servers are"
                    + " configured (thalamus.expert.jobs.bootstrap-servers or kafka.bootstrap.servers)");
        }
        running = true;
        thread = new Thread(this::run, "job-worker");
        thread.setDaemon(true);
        thread.start();
        LOG.infof("Taking jobs for %s from %s", expertId, topics);
    }

    /** Stops taking jobs before the expert drains; jobs not yet committed go to the next instance. */
    void stop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE - 1) ShutdownEvent event) throws InterruptedException {
        running = false;
        KafkaConsumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            thread.join(config.maxExecution().toMillis());
        }
    }

    private void run() {
        try (KafkaConsumer<String, String> jobs = new KafkaConsumer<>(consumerSettings());
             KafkaProducer<String, String> results = new KafkaProducer<>(producerSettings())) {
            consumer = jobs;
            awaitModel();
            results.initTransactions();
            jobs.subscribe(topics);
            while (running) {
                ConsumerRecords<String, String> records = jobs.poll(config.pollTimeout());
                if (!records.isEmpty()) {
                    process(records, jobs, results);
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (ProducerFencedException e) {
            LOG.error("Another instance with expert id " + expertId + " took over the job topics; this one stops"
                    + " taking jobs", e);
        } catch (RuntimeException e) {
            LOG.error("The job worker stopped", e);
        }
    }

    /** Takes no job before the model is loaded: it would only fail with "not ready". */
    private void awaitModel() {
        while (running && !expert.ready()) {
            try {
                Thread.sleep(config.pollTimeout().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WakeupException();
            }
        }
    }

    private void process(ConsumerRecords<String, String> records, KafkaConsumer<String, String> jobs,
                         KafkaProducer<String, String> results) {
        Map<String, CompletableFuture<JobResult>> started = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            JobRequest job = read(record);
            if (job != null && expertId.equals(job.expertId()) && !done.contains(job.jobId())) {
                started.putIfAbsent(job.jobId(), run(job));
            }
        }
        List<JobResult> finished = new ArrayList<>(started.size());
        started.forEach((jobId, result) -> finished.add(await(jobId, result)));
        try {
            results.beginTransaction();
            for (JobResult result : finished) {
                results.send(new ProducerRecord<>(JobTopics.RESULTS, result.jobId(), json.writeValueAsString(result)));
            }
            results.sendOffsetsToTransaction(nextOffsets(records), jobs.groupMetadata());
            results.commitTransaction();
            finished.forEach(result -> done.add(result.jobId()));
        } catch (ProducerFencedException e) {
            throw e;
        } catch (KafkaException | JsonProcessingException e) {
            LOG.warn("Could not publish job results; the jobs will be taken again", e);
            results.abortTransaction();
            rewind(records, jobs);
        }
    }

    private CompletableFuture<JobResult> run(JobRequest job) {
        try {
            return invocations.invoke(job.request()).subscribeAsCompletionStage()
                    .thenApply(response -> JobResult.succeeded(job.jobId(), expertId, response))
                    .exceptionally(failure -> JobResult.failed(job.jobId(), expertId, problemOf(failure)))
                    .toCompletableFuture();
        } catch (ProblemException e) {
            return CompletableFuture.completedFuture(JobResult.failed(job.jobId(), expertId, e.problem()));
        }
    }

    private JobResult await(String jobId, CompletableFuture<JobResult> result) {
        try {
            return result.get(config.maxExecution().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return JobResult.failed(jobId, expertId, Problem.of(ProblemType.DEADLINE_EXCEEDED,
                    "The job ran longer than " + config.maxExecution()));
        } catch (ExecutionException e) {
            return JobResult.failed(jobId, expertId, problemOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        }
    }

    private JobRequest read(ConsumerRecord<String, String> record) {
        try {
            return json.readValue(record.value(), JobRequest.class);
        } catch (JsonProcessingException e) {
            LOG.warnf("Skipping an unreadable job at %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), e.getOriginalMessage());
            return null;
        }
    }

    private static Problem problemOf(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause instanceof ProblemException problem ? problem.problem()
                : Problem.of(ProblemType.INTERNAL, "The expert failed: " + cause.getClass().getSimpleName());
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, String> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, String>> taken = records.records(partition);
            offsets.put(partition, new OffsetAndMetadata(taken.get(taken.size() - 1).offset() + 1));
        }
        return offsets;
    }

    private static void rewind(ConsumerRecords<String, String> records, KafkaConsumer<String, String> jobs) {
        for (TopicPartition partition : records.partitions()) {
            jobs.seek(partition, records.records(partition).get(0).offset());
        }
    }

    private Map<String, Object> consumerSettings() {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // one group per expert: every expert of a task sees every job and keeps those addressed to it
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, "thalamus-expert-" + expertId);
        // static membership: an expert restarted after a crash takes its partitions back at once instead of
        // waiting for the dead member's session to time out
        settings.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "thalamus-expert-" + expertId);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords());
        settings.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE,
                config.maxExecution().plus(Duration.ofMinutes(1)).toMillis()));
        // topics are created by the router; notice them soon after
        settings.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 5_000);
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return settings;
    }

    private Map<String, Object> producerSettings() {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "thalamus-expert-" + expertId + "-jobs",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    }
}
