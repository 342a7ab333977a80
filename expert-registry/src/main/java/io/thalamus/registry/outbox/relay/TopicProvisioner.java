package io.thalamus.registry.outbox.relay;

import io.thalamus.registry.config.RegistryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the event topic with the configured partitions and settings before anything is published, so the
 * broker's automatic topic creation (with its defaults) never decides them. Blocking.
 */
@ApplicationScoped
public class TopicProvisioner {

    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);

    private final KafkaSettings kafka;
    private final RegistryConfig.Events config;
    private volatile boolean ready;

    public TopicProvisioner(KafkaSettings kafka, RegistryConfig config) {
        this.kafka = kafka;
        this.config = config.events();
    }

    /** Makes sure the topic exists; throws when the broker cannot be asked. */
    public void ensureTopic() throws ExecutionException, InterruptedException, TimeoutException {
        if (ready || !config.topicSetup().create()) {
            ready = true;
            return;
        }
        long timeoutMs = config.relay().sendTimeout().toMillis();
        try (Admin admin = Admin.create(kafka.with(Map.of(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMs,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeoutMs, 30_000))))) {
            if (admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS).contains(config.topic())) {
                ready = true;
                return;
            }
            NewTopic topic = new NewTopic(config.topic(), config.topicSetup().partitions(),
                    config.topicSetup().replicationFactor()).configs(config.topicSetup().config());
            try {
                admin.createTopics(List.of(topic)).all().get(timeoutMs, TimeUnit.MILLISECONDS);
                LOG.infof("Created topic %s with %d partition(s)", config.topic(), config.topicSetup().partitions());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            ready = true;
        }
    }
}
