package io.thalamus.registry.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.thalamus.api.Json;
import io.thalamus.api.registry.ExpertEvent;
import io.thalamus.api.registry.RegistrySnapshot;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Keeps a {@link RoutingTable} in step with the registry: bootstraps from {@code GET /v1/experts/snapshot}, then
 * follows the event topic. Every replica of a consumer sees every event: the follower assigns itself all
 * partitions (no consumer group) on its own thread.
 *
 * <p>Bootstrap: note the end offset of every partition, fetch the snapshot (which reflects every event published
 * up to those offsets, and its outbox position), then read on from the noted offsets. Events at or below the
 * snapshot's position are skipped; the rest apply when their version is newer. When the follower falls too far
 * behind, or the broker no longer holds the records it needs, it bootstraps again.
 */
public final class RegistryFollower implements AutoCloseable {

    /** Headers the registry puts on every event. */
    public static final String POSITION_HEADER = "thalamus-position";
    public static final String TRACE_PARENT_HEADER = "traceparent";
    private static final String SNAPSHOT_PATH = "/v1/experts/snapshot";

    private static final System.Logger LOG = System.getLogger(RegistryFollower.class.getName());

    private final Settings settings;
    private final RoutingTable table;
    private final HttpClient http;
    private final ObjectMapper json = Json.newMapper();
    private final CountDownLatch bootstrapped = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running;
    private volatile Consumer<String, byte[]> consumer;
    private volatile Status status = new Status(false, 0, null, null, null, 0);

    private RegistryFollower(Settings settings, RoutingTable table) {
        this.settings = settings;
        this.table = table;
        this.http = HttpClient.newBuilder().connectTimeout(settings.httpTimeout).build();
        this.thread = new Thread(this::run, "registry-follower");
        this.thread.setDaemon(true);
    }

    public static Builder builder() {
        return new Builder();
    }

    public RoutingTable table() {
        return table;
    }

    /** Starts following on the follower's own thread; returns at once. */
    public synchronized RegistryFollower start() {
        if (!running) {
            running = true;
            thread.start();
        }
        return this;
    }

    /** Waits until the first bootstrap completed; false when it did not within {@code timeout}. */
    public boolean awaitBootstrap(Duration timeout) throws InterruptedException {
        return bootstrapped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Status status() {
        return status;
    }

    @Override
    public void close() {
        running = false;
        closed.countDown();
        Consumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            thread.join(settings.kafkaTimeout.plus(settings.httpTimeout).toMillis());
            if (thread.isAlive()) {
                thread.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        Duration backoff = settings.retryBackoff;
        while (running) {
            try (Consumer<String, byte[]> kafka = new KafkaConsumer<>(consumerProperties())) {
                consumer = kafka;
                follow(kafka);
            } catch (WakeupException | InterruptedException e) {
                if (!running) {
                    return;
                }
            } catch (RuntimeException | IOException e) {
                if (!running) {
                    return;
                }
                LOG.log(System.Logger.Level.WARNING, "Following the registry failed: " + e + "; retrying in "
                        + backoff);
                status = status.withError(e.toString());
                if (!pause(backoff)) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(settings.maxRetryBackoff) > 0 ? settings.maxRetryBackoff
                        : backoff.multipliedBy(2);
                continue;
            } finally {
                consumer = null;
            }
            backoff = settings.retryBackoff;
        }
    }

    private void follow(Consumer<String, byte[]> kafka) throws IOException, InterruptedException {
        long snapshotPosition = bootstrap(kafka);
        Instant partitionsCheckedAt = Instant.now();
        while (running) {
            ConsumerRecords<String, byte[]> records;
            try {
                records = kafka.poll(settings.pollTimeout);
            } catch (OffsetOutOfRangeException e) {
                LOG.log(System.Logger.Level.WARNING, "The broker no longer holds events this follower has not read ("
                        + e.getMessage() + "); bootstrapping again from a snapshot");
                snapshotPosition = bootstrap(kafka);
                continue;
            }
            for (ConsumerRecord<String, byte[]> record : records) {
                handle(record, snapshotPosition);
            }
            if (lag(kafka) > settings.maxLag) {
                LOG.log(System.Logger.Level.INFO, "More than " + settings.maxLag
                        + " events behind; bootstrapping again from a snapshot");
                snapshotPosition = bootstrap(kafka);
            } else if (Duration.between(partitionsCheckedAt, Instant.now()).compareTo(settings.partitionRefresh) > 0) {
                partitionsCheckedAt = Instant.now();
                followNewPartitions(kafka);
            }
        }
    }

    /** Assigns every partition, notes their end offsets, loads the snapshot and seeks to the noted offsets. */
    private long bootstrap(Consumer<String, byte[]> kafka) throws IOException, InterruptedException {
        List<TopicPartition> partitions = awaitPartitions(kafka);
        kafka.assign(partitions);
        Map<TopicPartition, Long> ends = kafka.endOffsets(partitions, settings.kafkaTimeout);
        RegistrySnapshot snapshot = fetchSnapshot();
        int changed = table.load(snapshot);
        ends.forEach(kafka::seek);
        status = new Status(true, snapshot.position(), Instant.now(), status.lastEventAt(), null,
                status.bootstraps() + 1);
        bootstrapped.countDown();
        LOG.log(System.Logger.Level.INFO, "Bootstrapped the routing table from the registry: "
                + snapshot.experts().size() + " expert(s), " + changed + " change(s), position " + snapshot.position());
        return snapshot.position();
    }

    private void handle(ConsumerRecord<String, byte[]> record, long snapshotPosition) {
        long position = longHeader(record, POSITION_HEADER);
        if (position > 0 && position <= snapshotPosition) {
            return;
        }
        ExpertEvent event;
        try {
            event = json.readValue(record.value(), ExpertEvent.class);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Skipping an unreadable event at " + record.topic() + "-"
                    + record.partition() + "@" + record.offset() + ": " + e.getMessage());
            return;
        }
        if (event == null || event.expertId() == null) {
            return;
        }
        table.apply(event, Math.max(position, 0), textHeader(record, TRACE_PARENT_HEADER));
        status = status.withEventAt(Instant.now());
    }

    private List<TopicPartition> awaitPartitions(Consumer<String, byte[]> kafka) throws InterruptedException {
        while (true) {
            List<PartitionInfo> infos = kafka.partitionsFor(settings.topic, settings.kafkaTimeout);
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            }
            status = status.withError("topic " + settings.topic + " does not exist yet");
            if (!pause(settings.retryBackoff)) {
                throw new InterruptedException("stopped while waiting for topic " + settings.topic);
            }
        }
    }

    private void followNewPartitions(Consumer<String, byte[]> kafka) {
        List<PartitionInfo> infos = kafka.partitionsFor(settings.topic, settings.kafkaTimeout);
        Set<TopicPartition> assigned = kafka.assignment();
        Set<TopicPartition> added = new HashSet<>();
        for (PartitionInfo info : infos) {
            TopicPartition partition = new TopicPartition(info.topic(), info.partition());
            if (!assigned.contains(partition)) {
                added.add(partition);
            }
        }
        if (!added.isEmpty()) {
            Set<TopicPartition> all = new HashSet<>(assigned);
            all.addAll(added);
            kafka.assign(all);
            // everything in a new partition was published after the snapshot that preceded it
            kafka.seekToBeginning(added);
            LOG.log(System.Logger.Level.INFO, "Following " + added.size() + " new partition(s) of " + settings.topic);
        }
    }

    private long lag(Consumer<String, byte[]> kafka) {
        Set<TopicPartition> assigned = kafka.assignment();
        long lag = 0;
        for (TopicPartition partition : assigned) {
            lag += kafka.currentLag(partition).orElse(0);
        }
        return lag;
    }

    private RegistrySnapshot fetchSnapshot() throws IOException, InterruptedException {
        String base = settings.registryUrl.toString();
        URI uri = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + SNAPSHOT_PATH);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(settings.httpTimeout)
                .header("Accept", "application/json").GET();
        String token = settings.tokens.get();
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            String body = new String(response.body(), StandardCharsets.UTF_8);
            throw new IOException("GET " + uri + " answered HTTP " + response.statusCode() + ": "
                    + body.substring(0, Math.min(body.length(), 300)));
        }
        return json.readValue(response.body(), RegistrySnapshot.class);
    }

    private Map<String, Object> consumerProperties() {
        Map<String, Object> properties = new HashMap<>(settings.kafkaProperties);
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // an offset the broker no longer holds means events were missed: bootstrap again instead of skipping
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        // the registry creates the topic with its own settings; a follower must never create it by asking
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        properties.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, settings.clientId);
        return properties;
    }

    /** Waits unless closed meanwhile; returns whether to go on. */
    private boolean pause(Duration duration) {
        try {
            return !closed.await(duration.toMillis(), TimeUnit.MILLISECONDS) && running;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static long longHeader(ConsumerRecord<String, byte[]> record, String name) {
        String text = textHeader(record, name);
        if (text == null) {
            return 0;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String textHeader(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * What the follower is doing.
     *
     * @param bootstrapped     whether the table was loaded from a snapshot at least once
     * @param snapshotPosition outbox position of the last snapshot
     * @param lastError        the last failure, cleared by the next bootstrap
     * @param bootstraps       how many bootstraps happened (more than one: re-bootstraps after falling behind)
     */
    public record Status(boolean bootstrapped, long snapshotPosition, Instant bootstrappedAt, Instant lastEventAt,
                         String lastError, int bootstraps) {

        Status withError(String error) {
            return new Status(bootstrapped, snapshotPosition, bootstrappedAt, lastEventAt, error, bootstraps);
        }

        Status withEventAt(Instant at) {
            return new Status(bootstrapped, snapshotPosition, bootstrappedAt, at, lastError, bootstraps);
        }
    }

    private record Settings(URI registryUrl, String bootstrapServers, String topic, Supplier<String> tokens,
                            Map<String, Object> kafkaProperties, Duration httpTimeout, Duration kafkaTimeout,
                            Duration pollTimeout, Duration retryBackoff, Duration maxRetryBackoff,
                            Duration partitionRefresh, long maxLag, String clientId) {
    }

    /** Configures a {@link RegistryFollower}; registry URL and bootstrap servers are required. */
    public static final class Builder {

        private URI registryUrl;
        private String bootstrapServers;
        private String topic = "thalamus.registry.events";
        private Supplier<String> tokens = () -> null;
        private Map<String, Object> kafkaProperties = Map.of();
        private Duration httpTimeout = Duration.ofSeconds(10);
        private Duration kafkaTimeout = Duration.ofSeconds(10);
        private Duration pollTimeout = Duration.ofMillis(500);
        private Duration retryBackoff = Duration.ofMillis(500);
        private Duration maxRetryBackoff = Duration.ofSeconds(15);
        private Duration partitionRefresh = Duration.ofMinutes(1);
        private long maxLag = 50_000;
        private String clientId = "registry-follower";
        private RoutingTable table;

        private Builder() {
        }

        /** Base URL of the registry, e.g. {@code http://127.0.0.1:8081}. */
        public Builder registryUrl(URI registryUrl) {
            this.registryUrl = registryUrl;
            return this;
        }

        public Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
            return this;
        }

        public Builder topic(String topic) {
            this.topic = topic;
            return this;
        }

        /** Supplies a bearer token (without the {@code Bearer } prefix) for each snapshot request. */
        public Builder bearerTokens(Supplier<String> tokens) {
            this.tokens = tokens;
            return this;
        }

        /** Extra consumer settings (security, ...); the follower's own essentials take precedence. */
        public Builder kafkaProperties(Map<String, ?> kafkaProperties) {
            this.kafkaProperties = Map.copyOf(kafkaProperties);
            return this;
        }

        public Builder httpTimeout(Duration httpTimeout) {
            this.httpTimeout = httpTimeout;
            return this;
        }

        /** Bound of each metadata request to the broker. */
        public Builder kafkaTimeout(Duration kafkaTimeout) {
            this.kafkaTimeout = kafkaTimeout;
            return this;
        }

        public Builder pollTimeout(Duration pollTimeout) {
            this.pollTimeout = pollTimeout;
            return this;
        }

        /** First pause after a failure; doubles up to {@code maxRetryBackoff}. */
        public Builder retryBackoff(Duration retryBackoff, Duration maxRetryBackoff) {
            this.retryBackoff = retryBackoff;
            this.maxRetryBackoff = maxRetryBackoff;
            return this;
        }

        /** How often the follower looks for partitions added to the topic. */
        public Builder partitionRefresh(Duration partitionRefresh) {
            this.partitionRefresh = partitionRefresh;
            return this;
        }

        /** Unread events beyond which a new snapshot is cheaper than catching up. */
        public Builder maxLag(long maxLag) {
            this.maxLag = maxLag;
            return this;
        }

        public Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        /** The table to keep up to date; a new one when not given. */
        public Builder table(RoutingTable table) {
            this.table = table;
            return this;
        }

        public RegistryFollower build() {
            Objects.requireNonNull(registryUrl, "registryUrl");
            Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            Objects.requireNonNull(tokens, "bearerTokens");
            if (maxLag < 1) {
                throw new IllegalArgumentException("maxLag must be positive");
            }
            return new RegistryFollower(new Settings(registryUrl, bootstrapServers, topic, tokens, kafkaProperties,
                    httpTimeout, kafkaTimeout, pollTimeout, retryBackoff, maxRetryBackoff, partitionRefresh, maxLag,
                    clientId), table == null ? new RoutingTable() : table);
        }
    }
}
