package io.thalamus.registry.outbox.relay;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.thalamus.registry.config.RegistryConfig;
import io.thalamus.registry.outbox.entity.OutboxEntry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends outbox rows to the event topic with an idempotent producer ({@code acks=all}) and reports which ones the
 * broker acknowledged. Each record carries its outbox position, version and type as headers, and a producer span
 * that continues the trace of the request that made the change. Blocking.
 */
@ApplicationScoped
public class EventPublisher {

    public static final String POSITION_HEADER = "thalamus-position";
    public static final String VERSION_HEADER = "thalamus-version";
    public static final String TYPE_HEADER = "thalamus-event-type";

    private static final TextMapGetter<OutboxEntry> STORED_CONTEXT = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(OutboxEntry entry) {
            return List.of("traceparent", "tracestate");
        }

        @Override
        public String get(OutboxEntry entry, String key) {
            return entry == null ? null : switch (key) {
                case "traceparent" -> entry.traceParent;
                case "tracestate" -> entry.traceState;
                default -> null;
            };
        }
    };

    private final KafkaSettings kafka;
    private final String topic;
    private final Duration sendTimeout;
    private final OpenTelemetry openTelemetry;
    private final Tracer tracer;
    private Producer<String, byte[]> producer;

    public EventPublisher(KafkaSettings kafka, RegistryConfig config, OpenTelemetry openTelemetry, Tracer tracer) {
        this.kafka = kafka;
        this.topic = config.events().topic();
        this.sendTimeout = config.events().relay().sendTimeout();
        this.openTelemetry = openTelemetry;
        this.tracer = tracer;
    }

    public synchronized PublishOutcome publish(List<OutboxEntry> entries) {
        Producer<String, byte[]> sender = producer();
        List<Future<RecordMetadata>> sent = new ArrayList<>(entries.size());
        List<Span> spans = new ArrayList<>(entries.size());
        Throwable failure = null;
        for (OutboxEntry entry : entries) {
            Span span = startSpan(entry);
            spans.add(span);
            try {
                sent.add(sender.send(record(entry, span)));
            } catch (RuntimeException e) {
                // e.g. no metadata within max.block.ms: the broker is unreachable
                sent.add(null);
                failure = failure == null ? e : failure;
            }
        }
        List<Long> acknowledged = new ArrayList<>(entries.size());
        long deadline = System.nanoTime() + sendTimeout.toNanos();
        for (int i = 0; i < entries.size(); i++) {
            Span span = spans.get(i);
            try {
                if (sent.get(i) != null) {
                    sent.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    acknowledged.add(entries.get(i).position);
                } else {
                    span.setStatus(StatusCode.ERROR, "not sent");
                }
            } catch (ExecutionException | TimeoutException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                span.recordException(cause).setStatus(StatusCode.ERROR, "not acknowledged");
                failure = failure == null ? cause : failure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = failure == null ? e : failure;
            } finally {
                span.end();
            }
        }
        return new PublishOutcome(List.copyOf(acknowledged), failure);
    }

    private Span startSpan(OutboxEntry entry) {
        Context parent = openTelemetry.getPropagators().getTextMapPropagator()
                .extract(Context.root(), entry, STORED_CONTEXT);
        return tracer.spanBuilder(topic + " publish")
                .setParent(parent)
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation", "publish")
                .setAttribute("messaging.destination.name", topic)
                .setAttribute("messaging.kafka.message.key", entry.expertId)
                .setAttribute("thalamus.outbox.position", entry.position)
                .startSpan();
    }

    private ProducerRecord<String, byte[]> record(OutboxEntry entry, Span span) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, entry.expertId,
                entry.event.getBytes(StandardCharsets.UTF_8));
        Headers headers = record.headers();
        headers.add(POSITION_HEADER, bytes(Long.toString(entry.position)));
        headers.add(VERSION_HEADER, bytes(Long.toString(entry.version)));
        headers.add(TYPE_HEADER, bytes(entry.eventType.name()));
        openTelemetry.getPropagators().getTextMapPropagator().inject(Context.root().with(span), headers,
                (carrier, key, value) -> carrier.remove(key).add(key, bytes(value)));
        return record;
    }

    private Producer<String, byte[]> producer() {
        if (producer == null) {
            int timeoutMs = (int) sendTimeout.toMillis();
            producer = new KafkaProducer<>(kafka.with(Map.of(
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                    ProducerConfig.LINGER_MS_CONFIG, 5,
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs,
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1000, timeoutMs / 2),
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(timeoutMs, Math.max(1000, timeoutMs / 2) + 10))));
        }
        return producer;
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}
