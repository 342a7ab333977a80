package io.thalamus.expert.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.thalamus.api.Json;
import io.thalamus.api.invoke.InvokeRequest;
import io.thalamus.api.job.JobRequest;
import io.thalamus.api.job.JobResult;
import io.thalamus.api.job.JobTopics;
import io.thalamus.api.task.TaskId;
import io.thalamus.api.task.TaskInput;
import io.thalamus.testkit.TestServers;
import io.thalamus.testkit.kafka.KafkaTestResource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

/** The expert takes its jobs from Kafka and publishes exactly one result per job, only for jobs addressed to it. */
@QuarkusTest
@TestProfile(JobWorkerTest.JobsOn.class)
class JobWorkerTest {

    private static final TaskId UPPER = TaskId.of("upper");
    private final ObjectMapper json = Json.newMapper();

    public static class JobsOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("thalamus.expert.jobs.enabled", "true");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(KafkaTestResource.class));
        }
    }

    @Test
    void runsItsOwnJobsOnceAndPublishesOneResultEach() throws Exception {
        String bootstrap = TestServers.kafka().bootstrapServers();
        createSinglePartitionTopic(bootstrap, JobTopics.requests(UPPER));
        String mine = UUID.randomUUID().toString();
        String someoneElses = UUID.randomUUID().toString();
        String last = UUID.randomUUID().toString();

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            send(producer, job(mine, "upper-test", "hello jobs"));
            send(producer, job(someoneElses, "another-expert", "not mine"));
            // handed over twice, e.g. by a router that stopped before marking it
            send(producer, job(mine, "upper-test", "hello jobs"));
            send(producer, job(last, "upper-test", "last"));
        }

        List<JobResult> results = resultsUntil(bootstrap, last);
        assertThat(results).filteredOn(result -> result.jobId().equals(mine)).singleElement().satisfies(result -> {
            assertThat(result.succeeded()).isTrue();
            assertThat(result.expertId()).isEqualTo("upper-test");
            assertThat(result.response().output().get("text").asText()).isEqualTo("HELLO JOBS");
        });
        assertThat(results).noneMatch(result -> result.jobId().equals(someoneElses));
        assertThat(results).filteredOn(result -> result.jobId().equals(last)).hasSize(1);
    }

    private String job(String jobId, String expertId, String text) throws Exception {
        InvokeRequest request = new InvokeRequest(jobId, "acme", UPPER, new TaskInput(text, null), Map.of(),
                Instant.now().plus(Duration.ofMinutes(5)));
        return json.writeValueAsString(new JobRequest(jobId, expertId, request));
    }

    private static void send(KafkaProducer<String, String> producer, String job) throws Exception {
        producer.send(new ProducerRecord<>(JobTopics.requests(UPPER), "key", job)).get();
    }

    /** Every result on the result topic, read committed, until the one for {@code lastJobId} arrives. */
    private List<JobResult> resultsUntil(String bootstrap, String lastJobId) throws Exception {
        List<JobResult> results = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "job-worker-test-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(JobTopics.RESULTS));
            Instant giveUp = Instant.now().plus(Duration.ofSeconds(60));
            while (Instant.now().isBefore(giveUp)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    results.add(json.readValue(record.value(), JobResult.class));
                }
                if (results.stream().anyMatch(result -> result.jobId().equals(lastJobId))) {
                    return results;
                }
            }
        }
        throw new AssertionError("no result for job " + lastJobId + " within 60 s; saw " + results);
    }

    private static void createSinglePartitionTopic(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }
}
