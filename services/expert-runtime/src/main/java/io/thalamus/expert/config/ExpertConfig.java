package io.thalamus.expert.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.thalamus.api.task.Modality;
import io.thalamus.api.task.TaskId;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything that turns an application with one {@link io.thalamus.expert.spi.Expert} bean into a registered
 * expert: what it advertises to the registry, how it batches, its limits and how it registers and drains.
 */
@ConfigMapping(prefix = "thalamus.expert")
public interface ExpertConfig {

    /** Stable id of this expert; registration is idempotent per id. */
    @NotBlank
    String id();

    /** The model this expert serves, echoed in every response. */
    @NotBlank
    String modelId();

    /** Tasks this expert performs; requests for any other task are rejected. */
    @NotEmpty
    List<TaskId> tasks();

    @WithDefault("text")
    @NotEmpty
    Set<Modality> inputModalities();

    @WithDefault("text")
    @NotEmpty
    Set<Modality> outputModalities();

    /** Base URL the router calls; advertise a reachable address when the expert runs on another host. */
    @WithDefault("http://127.0.0.1:${quarkus.http.port:8080}")
    URI endpoint();

    Cost cost();

    /** Quality prior per task id, e.g. {@code thalamus.expert.quality.retrieval.score=0.65}. */
    Map<String, Quality> quality();

    Latency latency();

    Capacity capacity();

    Node node();

    /** The domain this expert is best at, for routing among experts of one task (optional). */
    Domain domain();

    Registry registry();

    Batch batch();

    Queue queue();

    Limits limits();

    Load load();

    Jobs jobs();

    /**
     * How long shutdown waits for queued and running work after deregistering.
     * {@code quarkus.shutdown.timeout} must be at least this long.
     */
    @WithDefault("30s")
    Duration drainTimeout();

    interface Cost {
        @WithDefault("0")
        @DecimalMin("0")
        double creditsPerRequest();

        @WithDefault("0")
        @DecimalMin("0")
        double creditsPerGpuSecond();
    }

    interface Quality {
        @DecimalMin("0")
        @DecimalMax("1")
        double score();

        /** Where the score comes from (a benchmark, a paper, an evaluation run). */
        Optional<String> source();
    }

    interface Latency {
        @WithDefault("100")
        @Min(0)
        int p50Ms();

        @WithDefault("1000")
        @Min(0)
        int p95Ms();
    }

    interface Capacity {
        /** Batches the model works on at the same time. */
        @WithDefault("1")
        @Min(1)
        int maxConcurrency();

        /** Largest batch the model takes in one call (advertised; also the default micro-batch size). */
        @WithDefault("1")
        @Min(1)
        int maxBatch();
    }

    interface Node {
        Optional<String> gpuModel();

        Optional<Integer> gpuMemoryMb();

        Optional<String> zone();

        Map<String, String> labels();
    }

    interface Domain {
        /** Name of the domain (e.g. {@code scientific-claims}); without it the expert declares no domain. */
        Optional<String> name();

        /** Pilot queries given inline (commas inside a query are escaped as {@code \\,}). */
        Optional<List<String>> pilotQueries();

        /**
         * A UTF-8 file with one pilot query per line (blank lines skipped): a path, or else a classpath resource.
         * Read in addition to {@link #pilotQueries()}.
         */
        Optional<String> pilotQueriesFile();
    }

    interface Registry {
        /** Base URL of the expert registry; without it the expert does not register (e.g. in its own tests). */
        Optional<URI> url();

        @WithDefault("true")
        boolean enabled();

        @WithDefault("5s")
        Duration heartbeatInterval();

        @WithDefault("2s")
        Duration connectTimeout();

        @WithDefault("5s")
        Duration readTimeout();

        Retry retry();

        interface Retry {
            /** First wait after a failed registration; doubles after each failure. */
            @WithDefault("500ms")
            Duration initialBackoff();

            @WithDefault("10s")
            Duration maxBackoff();
        }
    }

    interface Batch {
        /** Most requests handed to the model in one call; defaults to {@code capacity.max-batch}. */
        Optional<@Min(1) Integer> maxSize();

        /** Longest a request waits for others (of its batch key) to join its batch. */
        @WithDefault("5ms")
        Duration maxWait();

        /**
         * How long one model call is assumed to take until model calls have run: a batch closes before
         * {@link #maxWait()} when one of its requests would otherwise miss its deadline, i.e. at the earliest
         * deadline minus this. Once calls have finished within {@code load.window-duration}, the 95th percentile of
         * their wall time is used instead. Defaults to {@code latency.p95-ms}.
         */
        Optional<Duration> latencyEstimate();
    }

    interface Queue {
        /** Requests waiting for the model; beyond this, new requests get 503. */
        @WithDefault("256")
        @Min(1)
        int capacity();
    }

    interface Limits {
        /** Largest request body accepted on /v1/invoke and /v1/invoke:batch. */
        @WithDefault("16M")
        MemorySize maxBodySize();

        @WithDefault("32768")
        @Min(1)
        int maxTextChars();

        @WithDefault("10M")
        MemorySize maxImageSize();

        @WithDefault("256")
        @Min(1)
        int maxBatchItems();

        @WithDefault("128")
        @Min(1)
        int maxRequestIdLength();
    }

    interface Load {
        /** Latency percentiles and error rate cover at most this many recent calls... */
        @WithDefault("1024")
        @Min(1)
        int windowSize();

        /** ...and only calls that finished within this period. */
        @WithDefault("60s")
        Duration windowDuration();
    }

    /** Asynchronous jobs the router hands over through Kafka (e.g. text-to-image). */
    interface Jobs {
        /** Whether this expert takes jobs from the job topics of its tasks. */
        @WithDefault("false")
        boolean enabled();

        /** Kafka bootstrap servers; defaults to {@code kafka.bootstrap.servers}. */
        Optional<String> bootstrapServers();

        /** Most jobs taken in one poll; they are submitted together, so the model can batch them. */
        @WithDefault("32")
        @Min(1)
        int maxPollRecords();

        @WithDefault("500ms")
        Duration pollTimeout();

        /** Longest one poll's jobs may run; jobs still running then are reported as failed. */
        @WithDefault("10m")
        Duration maxExecution();

        /** Job ids remembered as done, so a job handed over twice runs once while the expert lives. */
        @WithDefault("10000")
        @Min(1)
        int rememberedJobs();
    }
}
