package io.thalamus.router.job;

import io.thalamus.api.job.JobTopics;
import io.thalamus.api.task.TaskId;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Kafka settings of the job hand-off, and the job topics, created once with the configured partitions. */
@ApplicationScoped
public class JobKafka {

    private final String bootstrapServers;
    private final JobConfig config;
    private volatile boolean topicsReady;

    public JobKafka(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, JobConfig config) {
        this.bootstrapServers = bootstrapServers;
        this.config = config;
    }

    /** Client settings with the bootstrap servers plus {@code extra}. */
    public Map<String, Object> settings(Map<String, Object> extra) {
        Map<String, Object> settings = new HashMap<>(extra);
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return settings;
    }

    /** Creates the request topic of every asynchronous task and the result topic, unless they exist. Blocking. */
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
        config.asyncTasks().forEach(task -> topics.add(JobTopics.requests(TaskId.of(task))));
        return topics;
    }
}
