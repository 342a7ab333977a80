package io.thalamus.router.kafka;

import io.thalamus.api.job.JobTopics;
import io.thalamus.api.task.TaskId;
import io.thalamus.api.usage.UsageTopics;
import io.thalamus.router.job.JobConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Kafka settings of the router, and its topics (job requests and results, usage events), created once with the
 * configured partitions.
 */
@ApplicationScoped
public class RouterKafka {

    private final String bootstrapServers;
    private final JobConfig config;
    private volatile boolean topicsReady;

    public RouterKafka(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, JobConfig config) {
        this.bootstrapServers = bootstrapServers;
        this.config = config;
    }

    /** Client settings with the bootstrap servers plus {@code extra}. */
    public Map<String, Object> settings(Map<String, Object> extra) {
        Map<String, Object> settings = new HashMap<>(extra);
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return settings;
    }

    /**
     * Settings of a producer that writes each record once (idempotent, acknowledged by all replicas) and gives up
     * after {@code sendTimeout}.
     */
    public Map<String, Object> producerSettings(Duration sendTimeout) {
        return settings(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                // delivery timeout must cover linger plus one request
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) sendTimeout.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) sendTimeout.toMillis() / 2,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
    }

    /**
     * Settings of a consumer in {@code group} that reads committed records from the start and commits offsets
     * itself, after it has stored what it read; a crashed member's partitions move to the others after the configured
     * session timeout.
     */
    public Map<String, Object> consumerSettings(String group) {
        int sessionTimeoutMs = (int) config.consumerSessionTimeout().toMillis();
        return settings(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, sessionTimeoutMs,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, sessionTimeoutMs / 3,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
    }

    /** Creates the router's topics unless they exist. Blocking. */
    public void ensureTopics() throws ExecutionException, InterruptedException, TimeoutException {
        if (topicsReady) {
            return;
        }
        long timeoutMs = config.sendTimeout().toMillis();
        try (Admin admin = Admin.create(settings(Map.of(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMs,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeoutMs)))) {
            Set<String> existing = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : topics()) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, config.topicPartitions(), config.topicReplicationFactor()));
                }
            }
            for (NewTopic topic : missing) {
                try {
                    admin.createTopics(List.of(topic)).all().get(timeoutMs, TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
        topicsReady = true;
    }

    private List<String> topics() {
        List<String> topics = new ArrayList<>();
        topics.add(JobTopics.RESULTS);
        topics.add(UsageTopics.EVENTS);
        config.asyncTasks().forEach(task -> topics.add(JobTopics.requests(TaskId.of(task))));
        return topics;
    }
}
