package io.thalamus.registry.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Every limit and timing of the registry ({@code thalamus.registry.*}). */
@ConfigMapping(prefix = "thalamus.registry")
public interface RegistryConfig {

    /**
     * Host names and CIDR blocks an expert endpoint may point at even though they are normally refused
     * (loopback, link-local); e.g. {@code 127.0.0.0/8,localhost} on a developer machine.
     */
    Optional<List<String>> endpointAllowList();

    /** Whether experts may advertise private-network addresses (RFC 1918, unique-local): true inside a cluster. */
    @WithDefault("true")
    boolean endpointAllowPrivateNetworks();

    Lease lease();

    Lifecycle lifecycle();

    Probe probe();

    Limits limits();

    Events events();

    interface Lease {
        /** How often experts are expected to send a heartbeat. */
        @WithDefault("5s")
        Duration heartbeatInterval();

        /** Heartbeats an expert may miss before its lease expires and it becomes UNHEALTHY. */
        @WithDefault("3")
        @Min(1)
        int missedHeartbeats();

        /** How often expired leases are looked for. */
        @WithDefault("1s")
        Duration sweepInterval();

        /** Most experts marked UNHEALTHY in one sweep (one transaction). */
        @WithDefault("500")
        @Min(1)
        int sweepBatch();

        /**
         * After the registry starts, leases do not expire for this long, so experts that could not reach a
         * stopped registry get the chance to renew; defaults to one lease.
         */
        Optional<Duration> startupGrace();

        default Duration duration() {
            return heartbeatInterval().multipliedBy(missedHeartbeats());
        }
    }

    interface Lifecycle {
        /** A DRAINING expert that never reports zero in-flight work becomes GONE after this long. */
        @WithDefault("60s")
        Duration drainGrace();

        /** An expert UNHEALTHY for this long is considered gone for good. */
        @WithDefault("24h")
        Duration unhealthyRemovalAfter();

        /** How often draining and long-unhealthy experts are looked at. */
        @WithDefault("2s")
        Duration sweepInterval();
    }

    interface Probe {
        /**
         * Whether an active readiness probe must confirm an expert before it becomes READY again after being
         * UNHEALTHY; when off, the first heartbeat after the outage is enough.
         */
        @WithDefault("true")
        boolean enabled();

        /** How often REGISTERED and recovering UNHEALTHY experts are probed. */
        @WithDefault("2s")
        Duration interval();

        @WithDefault("2s")
        Duration timeout();

        /** Probes running at the same time. */
        @WithDefault("16")
        @Min(1)
        int concurrency();

        /** Most experts probed in one round. */
        @WithDefault("200")
        @Min(1)
        int batch();

        /**
         * Readiness path per protocol, appended to the endpoint, e.g.
         * {@code thalamus.registry.probe.path."kserve-v2"=/v2/health/ready}; protocols not listed use
         * {@code /q/health/ready} (thalamus-v1), {@code /health} (openai-chat) and {@code /v2/health/ready} (kserve-v2).
         */
        Map<String, String> path();

        /**
         * Protocols whose servers send no heartbeats (model servers registered on their behalf): for these, a
         * successful probe renews the lease, so they are probed once per heartbeat interval while registered.
         */
        @WithDefault("openai-chat,kserve-v2")
        Set<String> leaseRenewingProtocols();
    }

    interface Limits {
        @WithDefault("128")
        @Min(1)
        int maxIdLength();

        @WithDefault("32")
        @Min(1)
        int maxTasks();

        /** Largest declared max-concurrency an expert may advertise. */
        @WithDefault("4096")
        @Min(1)
        int maxConcurrency();

        /** Largest declared max-batch an expert may advertise. */
        @WithDefault("4096")
        @Min(1)
        int maxBatch();

        /** Largest credits figure (per request or per GPU-second) accepted. */
        @WithDefault("1000000")
        @DecimalMin("0")
        double maxCredits();

        /** Largest declared latency accepted. */
        @WithDefault("3600000")
        @Min(1)
        int maxLatencyMs();

        @WithDefault("32")
        @Min(0)
        int maxLabels();

        /** Longest label key or value, model id, zone, GPU model or quality source. */
        @WithDefault("256")
        @Min(1)
        int maxTextLength();

        @WithDefault("2048")
        @Min(1)
        int maxEndpointLength();

        /** Most pilot queries an expert's domain may list (the router embeds each once). */
        @WithDefault("100")
        @Min(1)
        int maxPilotQueries();

        /** Longest pilot query, in characters. */
        @WithDefault("512")
        @Min(1)
        int maxPilotQueryLength();

        /** Page size of the list endpoint when none is asked for. */
        @WithDefault("100")
        @Min(1)
        int defaultPageSize();

        @WithDefault("1000")
        @Min(1)
        int maxPageSize();
    }

    interface Events {
        /** Kafka topic of committed changes, keyed by expert id. */
        @WithDefault("thalamus.registry.events")
        String topic();

        Topic topicSetup();

        Relay relay();

        /** Published outbox rows are deleted after this long (the newest row is always kept). */
        @WithDefault("7d")
        Duration outboxRetention();

        @WithDefault("10m")
        Duration outboxCleanupInterval();

        interface Topic {
            /** Whether the registry creates the topic when it does not exist. */
            @WithDefault("true")
            boolean create();

            @WithDefault("3")
            @Min(1)
            int partitions();

            @WithDefault("1")
            @Min(1)
            short replicationFactor();

            /** Extra topic configuration used when creating it, e.g. {@code retention.ms}. */
            Map<String, String> config();
        }

        interface Relay {
            /** Whether this registry publishes outbox rows; rows wait in PostgreSQL while it does not. */
            @WithDefault("true")
            boolean enabled();

            /** Longest wait between two looks at the outbox (a commit wakes the relay up at once). */
            @WithDefault("1s")
            Duration interval();

            /** Most rows published in one round. */
            @WithDefault("500")
            @Min(1)
            int batchSize();

            /** How long one round waits for the broker's acknowledgements before it gives up and retries. */
            @WithDefault("30s")
            Duration sendTimeout();

            /** Wait after a failed round (broker down), doubling up to {@code max-backoff}. */
            @WithDefault("500ms")
            Duration initialBackoff();

            @WithDefault("15s")
            Duration maxBackoff();
        }
    }
}
