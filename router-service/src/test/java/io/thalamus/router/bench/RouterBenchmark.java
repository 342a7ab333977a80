package io.thalamus.router.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thalamus.api.Json;
import io.thalamus.testkit.keycloak.KeycloakTokens;
import io.thalamus.router.e2e.PlatformServices;
import io.thalamus.testkit.process.ServiceProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * What the router adds to a call, measured on this machine against the real platform: the same SciFact claims sent
 * straight to the retrieval expert ({@code POST /v1/invoke}, the request the router itself would send), through the
 * router with {@code "task":"retrieval"}, and through the router without a task (the router's classifier decides).
 * <ol>
 *   <li>Latency: one call at a time, the three kinds interleaved round by round with the same claim, so machine noise
 *       falls on all three alike; p50/p95/p99 per kind and the router's overhead over the direct call.</li>
 *   <li>Throughput: {@code C} concurrent clients for a fixed time against the router (task given) and against the
 *       expert directly, in alternating windows; requests/s and the error count.</li>
 * </ol>
 * Starts real PostgreSQL, Kafka and Keycloak from the test kit, the packaged registry, retrieval expert and router as
 * their own JVMs, and waits until the router serves retrieval.
 *
 * <pre>RouterBenchmark [--requests 500] [--concurrency 8] [--warmup 100] [--seconds 30]</pre>
 * {@code --requests} and {@code --warmup} count calls per kind in the latency phase; {@code --seconds} is the time per
 * target in the throughput phase. Ends with one line {@code router_overhead_p50_ms=<v> router_overhead_p99_ms=<v>
 * classified_overhead_p50_ms=<v> router_rps=<v> direct_rps=<v>}.
 */
public final class RouterBenchmark {

    static final String RETRIEVAL_EXPERT_ID = "retrieval-minilm-scifact";
    private static final String TENANT = "acme";
    private static final int THROUGHPUT_WINDOWS = 3;
    private static final ObjectMapper JSON = Json.newMapper();

    /** The three ways of asking the same question. */
    enum Kind {
        DIRECT("direct to expert"),
        ROUTER("router, task given"),
        CLASSIFIED("router, task classified");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    private record Outcome(int status, long nanos, byte[] body) {
    }

    /** Calls of one target under load and the rate they completed at. */
    private record Load(Samples samples, double perSecond) {
    }

    // HTTP/1.1 like the router's own client to experts: no h2c upgrade attempt on the first call of a connection
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI expertInvoke;
    private final URI routerTasks;
    private final Supplier<String> token;
    private final List<String> queries;

    private RouterBenchmark(URI expert, URI router, Supplier<String> token, List<String> queries) {
        this.expertInvoke = expert.resolve("/v1/invoke");
        this.routerTasks = router.resolve("/v1/tasks");
        this.token = token;
        this.queries = queries;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int requests = positive(options, "requests", 500);
        int concurrency = positive(options, "concurrency", 8);
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "100"));
        int seconds = positive(options, "seconds", 30);

        Path root = Path.of(System.getProperty("thalamus.root.dir", "..")).toAbsolutePath().normalize();
        List<String> queries = Files.readAllLines(root.resolve("retrieval-experts/src/test/resources/scifact-sample-queries.tsv"))
                .stream().skip(1).filter(line -> !line.isBlank()).map(line -> line.split("\t")[0]).toList();

        long startedAt = System.nanoTime();
        // the measured router and expert run with the platform's JVM options (full JIT), as ./thalamus up runs them
        try (ServiceProcess registry = PlatformServices.startRegistry();
             ServiceProcess expert = PlatformServices.startRetrievalExpert("retrieval-expert",
                     PlatformServices.RETRIEVAL_EXPERT_ID, registry.baseUri(), Duration.ofSeconds(5),
                     ServiceProcess.PLATFORM_JVM);
             ServiceProcess router = PlatformServices.startRouter("router", registry.baseUri(),
                     ServiceProcess.PLATFORM_JVM)) {
            // tokens live 5 minutes: a fresh one every minute, fetched off the measured path
            TokenSource tokens = new TokenSource(() -> KeycloakTokens.serviceAccount("acme-app"));
            try (tokens) {
                RouterBenchmark bench = new RouterBenchmark(expert.baseUri(), router.baseUri(), tokens, queries);
                System.out.printf(Locale.ROOT, "router %s (pid %d), retrieval expert %s (pid %d), registry %s; "
                                + "%d cores; started in %.0f s%n", router.baseUri(), router.pid(), expert.baseUri(),
                        expert.pid(), registry.baseUri(), Runtime.getRuntime().availableProcessors(),
                        (System.nanoTime() - startedAt) / 1e9);
                bench.awaitRoutable(Duration.ofSeconds(120));
                Map<Kind, Samples> latency = bench.latency(requests, warmup);
                Map<Kind, Load> throughput = bench.throughput(concurrency, seconds, warmup);
                router.requireAlive("after the run");
                expert.requireAlive("after the run");
                summary(latency, throughput);
            }
        }
        System.exit(0);
    }

    /** Retries an explicit retrieval request until the router has the expert READY in its table and serves it. */
    private void awaitRoutable(Duration timeout) throws InterruptedException {
        Instant until = Instant.now().plus(timeout);
        String last = "";
        while (Instant.now().isBefore(until)) {
            Outcome outcome = call(Kind.ROUTER, queries.get(0));
            if (outcome.status() == 200) {
                System.out.println("router serves retrieval through " + RETRIEVAL_EXPERT_ID);
                return;
            }
            last = outcome.status() + " " + new String(outcome.body());
            Thread.sleep(500);
        }
        throw new IllegalStateException("the router did not serve retrieval within " + timeout + "; last answer: " + last);
    }

    // --- latency ------------------------------------------------------------------------------------------------

    private Map<Kind, Samples> latency(int requests, int warmup) {
        Map<Kind, Samples> samples = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            samples.put(kind, new Samples());
        }
        Kind[] kinds = Kind.values();
        long[][] byRound = new long[kinds.length][requests];
        for (long[] row : byRound) {
            Arrays.fill(row, -1);
        }
        System.out.printf(Locale.ROOT, "%nlatency: one call at a time, %d warm-up + %d measured rounds; a round sends "
                + "one claim (of %d, cycling) as each of the three kinds, starting with a different kind each round%n",
                warmup, requests, queries.size());
        for (int round = 0; round < warmup + requests; round++) {
            String query = queries.get(round % queries.size());
            for (int k = 0; k < kinds.length; k++) {
                Kind kind = kinds[(round + k) % kinds.length];
                Outcome outcome = call(kind, query);
                if (round >= warmup && record(kind, outcome, samples.get(kind))) {
                    byRound[kind.ordinal()][round - warmup] = outcome.nanos();
                }
            }
        }
        System.out.printf(Locale.ROOT, "%n%-26s %6s %7s %8s %8s %8s %8s%n", "kind", "ok", "errors", "p50 ms", "p95 ms",
                "p99 ms", "mean ms");
        for (Kind kind : kinds) {
            Samples s = samples.get(kind);
            System.out.printf(Locale.ROOT, "%-26s %6d %7d %8.2f %8.2f %8.2f %8.2f%n", kind.label, s.count(), s.errors(),
                    s.percentileMs(0.50), s.percentileMs(0.95), s.percentileMs(0.99), s.meanMs());
        }
        Samples direct = samples.get(Kind.DIRECT);
        for (Kind kind : List.of(Kind.ROUTER, Kind.CLASSIFIED)) {
            Samples s = samples.get(kind);
            System.out.printf(Locale.ROOT, "overhead of %-23s p50 %+.2f ms (%.2fx)  p95 %+.2f ms  p99 %+.2f ms  "
                            + "median of per-round differences %+.2f ms%n", kind.label + ":",
                    s.percentileMs(0.50) - direct.percentileMs(0.50), s.percentileMs(0.50) / direct.percentileMs(0.50),
                    s.percentileMs(0.95) - direct.percentileMs(0.95), s.percentileMs(0.99) - direct.percentileMs(0.99),
                    medianDifferenceMs(byRound[kind.ordinal()], byRound[Kind.DIRECT.ordinal()]));
        }
        for (Kind kind : kinds) {
            Samples s = samples.get(kind);
            if (!s.outcomes().isEmpty()) {
                System.out.printf("%s, calls not in the latencies: %s%n", kind.label, s.outcomes());
            }
            if (s.firstError() != null) {
                System.out.printf("%s, first error: %s%n", kind.label, s.firstError());
            }
        }
        return samples;
    }

    /**
     * Records a call's latency when it was served as asked (retrieval documents, from the retrieval expert, with the
     * task named or classified); otherwise counts its outcome. Answers whether the latency was recorded.
     */
    private static boolean record(Kind kind, Outcome outcome, Samples samples) {
        String body = new String(outcome.body(), java.nio.charset.StandardCharsets.UTF_8);
        if (outcome.status() == 422 && kind == Kind.CLASSIFIED && body.contains("/problems/ambiguous-task")) {
            samples.other("abstained (422 ambiguous-task)", body, false);
            return false;
        }
        if (outcome.status() != 200) {
            samples.other("error " + outcome.status(), body, true);
            return false;
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(outcome.body());
        } catch (IOException e) {
            samples.other("error: unreadable body", body, true);
            return false;
        }
        if (!answer.path("output").path("documents").isArray() || answer.path("output").path("documents").isEmpty()) {
            samples.other("error: no documents", body, true);
            return false;
        }
        if (kind != Kind.DIRECT) {
            JsonNode routing = answer.path("routing");
            if (!RETRIEVAL_EXPERT_ID.equals(routing.path("expertId").asText())) {
                samples.other("error: served by " + routing.path("expertId").asText(), body, true);
                return false;
            }
            String expectedSource = kind == Kind.ROUTER ? "explicit" : "classifier";
            if (!"retrieval".equals(routing.path("task").asText())
                    || !expectedSource.equals(routing.path("taskSource").asText())) {
                samples.other("error: task " + routing.path("task").asText() + " from "
                        + routing.path("taskSource").asText(), body, true);
                return false;
            }
        }
        samples.ok(outcome.nanos());
        return true;
    }

    private static double medianDifferenceMs(long[] of, long[] minus) {
        long[] differences = new long[of.length];
        int n = 0;
        for (int i = 0; i < of.length; i++) {
            if (of[i] >= 0 && minus[i] >= 0) {
                differences[n++] = of[i] - minus[i];
            }
        }
        if (n == 0) {
            return Double.NaN;
        }
        Arrays.sort(differences, 0, n);
        return (n % 2 == 1 ? differences[n / 2] : (differences[n / 2 - 1] + differences[n / 2]) / 2.0) / 1e6;
    }

    // --- throughput ---------------------------------------------------------------------------------------------

    private Map<Kind, Load> throughput(int concurrency, int seconds, int warmup) throws Exception {
        List<Kind> targets = List.of(Kind.ROUTER, Kind.DIRECT);
        Map<Kind, Samples> samples = new LinkedHashMap<>();
        Map<Kind, double[]> elapsed = new HashMap<>();
        for (Kind kind : targets) {
            samples.put(kind, new Samples());
            elapsed.put(kind, new double[1]);
        }
        long windowMillis = TimeUnit.SECONDS.toMillis(seconds) / THROUGHPUT_WINDOWS;
        System.out.printf(Locale.ROOT, "%nthroughput: %d concurrent clients, %d s per target in %d alternating windows "
                + "of %.1f s, after %d warm-up calls per target at that concurrency%n", concurrency, seconds,
                THROUGHPUT_WINDOWS, windowMillis / 1e3, warmup);
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            for (Kind kind : targets) {
                run(pool, concurrency, kind, new Samples(), Long.MAX_VALUE, warmup);
            }
            for (int window = 0; window < THROUGHPUT_WINDOWS; window++) {
                for (Kind kind : targets) {
                    long start = System.nanoTime();
                    run(pool, concurrency, kind, samples.get(kind), start + TimeUnit.MILLISECONDS.toNanos(windowMillis),
                            Integer.MAX_VALUE);
                    elapsed.get(kind)[0] += (System.nanoTime() - start) / 1e9;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf(Locale.ROOT, "%n%-26s %8s %7s %9s %8s %8s %8s%n", "target", "ok", "errors", "req/s",
                "p50 ms", "p95 ms", "p99 ms");
        for (Kind kind : targets) {
            Samples s = samples.get(kind);
            System.out.printf(Locale.ROOT, "%-26s %8d %7d %9.1f %8.2f %8.2f %8.2f%n", kind.label, s.count(), s.errors(),
                    s.count() / elapsed.get(kind)[0], s.percentileMs(0.50), s.percentileMs(0.95), s.percentileMs(0.99));
            if (s.firstError() != null) {
                System.out.printf("%s, errors %s; first: %s%n", kind.label, s.outcomes(), s.firstError());
            }
        }
        Map<Kind, Load> loads = new LinkedHashMap<>();
        for (Kind kind : targets) {
            loads.put(kind, new Load(samples.get(kind), samples.get(kind).count() / elapsed.get(kind)[0]));
        }
        return loads;
    }

    /** Sends calls of one kind from {@code clients} threads until {@code endNanos} or {@code maxCalls} calls. */
    private void run(ExecutorService pool, int clients, Kind kind, Samples samples, long endNanos, int maxCalls)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < maxCalls && System.nanoTime() < endNanos;
                     i = next.getAndIncrement()) {
                    Outcome outcome = call(kind, queries.get(i % queries.size()));
                    if (outcome.status() == 200) {
                        samples.ok(outcome.nanos());
                    } else {
                        samples.other("error " + outcome.status(), new String(outcome.body()), true);
                    }
                }
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
    }

    // --- calls --------------------------------------------------------------------------------------------------

    /** One call, timed from sending the request to having the whole body; everything else happens outside the timer. */
    private Outcome call(Kind kind, String query) {
        HttpRequest request = request(kind, query);
        try {
            long start = System.nanoTime();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            long nanos = System.nanoTime() - start;
            return new Outcome(response.statusCode(), nanos, response.body());
        } catch (IOException e) {
            return new Outcome(-1, 0, ("no answer: " + e).getBytes());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest request(Kind kind, String query) {
        Map<String, Object> input = Map.of("text", query);
        Map<String, Object> params = Map.of("topK", 3);
        Map<String, Object> body = new LinkedHashMap<>();
        HttpRequest.Builder builder;
        if (kind == Kind.DIRECT) {
            // what the router sends the expert (InvokeRequest); the router sends no credentials to experts
            body.put("requestId", UUID.randomUUID().toString());
            body.put("tenant", TENANT);
            body.put("task", "retrieval");
            body.put("input", input);
            body.put("params", params);
            body.put("deadline", Instant.now().plusSeconds(30).toString());
            builder = HttpRequest.newBuilder(expertInvoke)
                    .header("Accept", "application/json, application/problem+json");
        } else {
            if (kind == Kind.ROUTER) {
                body.put("task", "retrieval");
            }
            body.put("input", input);
            body.put("params", params);
            builder = HttpRequest.newBuilder(routerTasks).header("Authorization", "Bearer " + token.get());
        }
        try {
            return builder.header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- summary ------------------------------------------------------------------------------------------------

    private static void summary(Map<Kind, Samples> latency, Map<Kind, Load> throughput) {
        Samples direct = latency.get(Kind.DIRECT);
        Samples router = latency.get(Kind.ROUTER);
        Samples classified = latency.get(Kind.CLASSIFIED);
        int errors = direct.errors() + router.errors() + throughput.get(Kind.ROUTER).samples().errors()
                + throughput.get(Kind.DIRECT).samples().errors();
        System.out.printf("%nerrors (direct and router, both phases): %d%n", errors);
        System.out.printf(Locale.ROOT, "router_overhead_p50_ms=%.2f router_overhead_p99_ms=%.2f "
                        + "classified_overhead_p50_ms=%.2f router_rps=%.1f direct_rps=%.1f%n",
                router.percentileMs(0.50) - direct.percentileMs(0.50),
                router.percentileMs(0.99) - direct.percentileMs(0.99),
                classified.percentileMs(0.50) - direct.percentileMs(0.50),
                throughput.get(Kind.ROUTER).perSecond(), throughput.get(Kind.DIRECT).perSecond());
    }

    /** A bearer token refreshed in the background every minute (tokens of the realm live five). */
    private static final class TokenSource implements Supplier<String>, AutoCloseable {

        private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "token-refresh");
            thread.setDaemon(true);
            return thread;
        });
        private volatile String current;

        TokenSource(Supplier<String> fetch) {
            current = fetch.get();
            refresher.scheduleWithFixedDelay(() -> {
                try {
                    current = fetch.get();
                } catch (RuntimeException e) {
                    System.err.println("token refresh failed (the current token is kept): " + e.getMessage());
                }
            }, 60, 60, TimeUnit.SECONDS);
        }

        @Override
        public String get() {
            return current;
        }

        @Override
        public void close() {
            refresher.shutdownNow();
        }
    }

    private static int positive(Map<String, String> options, String name, int fallback) {
        int value = Integer.parseInt(options.getOrDefault(name, Integer.toString(fallback)));
        if (value < 1) {
            throw new IllegalArgumentException("--" + name + " must be at least 1, was " + value);
        }
        return value;
    }

    private static Map<String, String> options(String[] args) {
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("options come in pairs (--name value): " + Arrays.toString(args));
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].replaceFirst("^--", "");
            if (!List.of("requests", "concurrency", "warmup", "seconds").contains(name)) {
                throw new IllegalArgumentException("unknown option " + args[i]
                        + " (known: --requests N --concurrency C --warmup W --seconds S)");
            }
            options.put(name, args[i + 1]);
        }
        return options;
    }
}
