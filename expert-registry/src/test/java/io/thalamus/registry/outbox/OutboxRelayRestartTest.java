package io.thalamus.registry.outbox;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.thalamus.api.Json;
import io.thalamus.api.registry.ExpertEvent;
import io.thalamus.registry.client.ExpertChange;
import io.thalamus.registry.outbox.relay.OutboxRelay;
import io.thalamus.registry.outbox.relay.PublishOutcome;
import io.thalamus.registry.outbox.relay.TopicProvisioner;
import io.thalamus.registry.support.FollowedRegistry;
import io.thalamus.registry.support.RegistryTestProfile;
import io.thalamus.registry.support.Tokens;
import io.thalamus.testkit.TestServers;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.thalamus.registry.support.Descriptors.UNREACHABLE;
import static io.thalamus.registry.support.Descriptors.descriptor;
import static io.thalamus.registry.support.Descriptors.with;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry stops between commit and publish (here: its relay does not run): the changes wait in the outbox,
 * and once a relay runs again every version reaches the topic and the router exactly once.
 */
@QuarkusTest
@TestProfile(RegistryTestProfile.RelayStopped.class)
class OutboxRelayRestartTest {

    private static final String TOPIC = "thalamus.registry.events";

    @Inject
    OutboxRelay relay;

    @Inject
    TopicProvisioner topic;

    @Test
    void committedChangesWaitInTheOutboxAndArePublishedOncePerVersionWhenTheRelayRunsAgain() throws Exception {
        String id = "outbox-" + UUID.randomUUID();
        Map<String, Object> descriptor = descriptor(id, UNREACHABLE, "vqa");
        expert().body(descriptor).put("/v1/experts/{id}", id).then().statusCode(201);
        expert().body(with(descriptor, "modelId", "second")).put("/v1/experts/{id}", id).then().statusCode(200);
        expert().delete("/v1/experts/{id}", id).then().statusCode(202);

        assertThat(outboxRows(id)).containsExactly(new Row(1, false), new Row(2, false), new Row(3, false));
        // each row remembers the trace of the request that made the change, for the publication to continue it
        assertThat(traceParents(id)).hasSize(3).allMatch(traceParent -> traceParent.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]"));
        // the topic exists, as it would from before the registry stopped
        topic.ensureTopic();
        assertThat(versionsOnTopic(id)).isEmpty();

        try (FollowedRegistry router = FollowedRegistry.start()) {
            // the snapshot already shows the committed state, and events are what keeps the table current
            assertThat(router.table().versionOf(id)).isEqualTo(3);

            String later = "outbox-later-" + UUID.randomUUID();
            expert().body(descriptor(later, UNREACHABLE, "vqa")).put("/v1/experts/{id}", later).then().statusCode(201);

            PublishOutcome outcome;
            List<Long> published = new ArrayList<>();
            do {
                outcome = relay.publishBatch();
                assertThat(outcome.failure()).isNull();
                published.addAll(outcome.acknowledged());
            } while (!outcome.acknowledged().isEmpty());

            assertThat(published).isSorted();
            assertThat(outboxRows(id)).containsExactly(new Row(1, true), new Row(2, true), new Row(3, true));
            router.awaitVersion(later, 1);
            assertThat(router.changesOf(later)).extracting(ExpertChange::current).hasSize(1);
            // the events the snapshot already reflected changed nothing in the table
            assertThat(router.changesOf(id)).hasSize(1);

            // another run finds nothing left to publish
            assertThat(relay.publishBatch().acknowledged()).isEmpty();
        }

        assertThat(versionsOnTopic(id)).containsExactly(1L, 2L, 3L);
    }

    private static List<Long> versionsOnTopic(String expertId) {
        Map<String, Object> settings = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestServers.kafka().bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        List<Long> versions = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings)) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(TOPIC, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (expertId.equals(record.key())) {
                        versions.add(Json.newMapper().readValue(record.value(), ExpertEvent.class).version());
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new AssertionError("unreadable event on " + TOPIC, e);
        }
        return versions;
    }

    private static List<Row> outboxRows(String expertId) throws Exception {
        try (Connection connection = TestServers.postgres().connect();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT version, published_at IS NOT NULL FROM outbox WHERE expert_id = ? ORDER BY position")) {
            query.setString(1, expertId);
            List<Row> rows = new ArrayList<>();
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(new Row(result.getLong(1), result.getBoolean(2)));
                }
            }
            return rows;
        }
    }

    private static List<String> traceParents(String expertId) throws Exception {
        try (Connection connection = TestServers.postgres().connect();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT trace_parent FROM outbox WHERE expert_id = ? ORDER BY position")) {
            query.setString(1, expertId);
            List<String> traceParents = new ArrayList<>();
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    traceParents.add(String.valueOf(result.getString(1)));
                }
            }
            return traceParents;
        }
    }

    private record Row(long version, boolean published) {
    }

    private static RequestSpecification expert() {
        return given().auth().oauth2(Tokens.of(Tokens.RETRIEVAL_EXPERT)).contentType(ContentType.JSON);
    }
}
