package io.thalamus.retrieval.bench;

import io.thalamus.model.SentenceEncoder;
import io.thalamus.retrieval.corpus.CorpusFingerprint;
import io.thalamus.retrieval.corpus.Document;
import io.thalamus.retrieval.encoding.EncoderCatalog;
import io.thalamus.retrieval.eval.BeirDataset;
import io.thalamus.retrieval.index.LuceneIndex;
import io.thalamus.retrieval.index.TextAnalysis;
import io.thalamus.retrieval.ingest.CollectionIndexer;
import io.thalamus.retrieval.ingest.DocumentEmbedder;
import io.thalamus.retrieval.ingest.EmbeddingCache;
import io.thalamus.retrieval.search.Bm25Ranker;
import io.thalamus.retrieval.search.DenseRanker;
import io.thalamus.retrieval.search.Ranker;
import io.thalamus.retrieval.search.ReciprocalRankFusion;
import io.thalamus.retrieval.search.Retriever;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static io.thalamus.retrieval.eval.CommandLineOptions.list;
import static io.thalamus.retrieval.eval.CommandLineOptions.parse;

/**
 * Performance of retrieval in-process, in three parts (each can be run alone with {@code --phases}):
 *
 * <ol>
 *   <li><b>ingestion</b>: document embedding throughput of each encoder on a random sample of the BEIR corpus, with
 *       1, 8 and 32 documents per forward pass, and 32 per pass over the documents sorted by length (and how far
 *       batched vectors are from single ones), and BM25-only indexing throughput of the whole corpus;</li>
 *   <li><b>search</b>: on the whole corpus (vectors embedded one document at a time, shared with
 *       {@code eval-retrieval}'s embedding cache), per-query latency of BM25, each encoder, and the hybrid; the
 *       HNSW search alone; and query embedding one at a time vs N queries per forward pass;</li>
 *   <li><b>scale</b>: BM25, one encoder, their hybrid and the HNSW search alone ({@code --scale-rankers}), with
 *       real queries embedded by the real encoder, over synthetic corpora of the corpus's own size and of the given
 *       sizes ({@link SyntheticCorpus}: text drawn from the corpus's vocabulary, vectors perturbed from its real
 *       vectors; built by {@link SyntheticIndexBuilder}), with the index's size on disk, heap used after a full GC
 *       and the resident set. A synthetic index is kept and reused by a rerun with the same parameters, so the
 *       rerun measures a JVM that never built it.</li>
 * </ol>
 *
 * Searches run one at a time on one thread, as the expert serves a call; each query goes through every method,
 * in an order rotated per query so machine noise falls on all of them.
 *
 * <p>Arguments (all optional): {@code --beir DIR}, {@code --phases ingestion,search,scale},
 * {@code --encoders a,b,c}, {@code --hybrid bm25,bge-small-en-v1.5-q,e5-small-v2-q}, {@code --scale-rankers bm25,bge-small-en-v1.5-q},
 * {@code --ingest-docs 500},
 * {@code --batches 1,8,32}, {@code --sorted-batch 32} (0: none), {@code --query-batches 8,32}, {@code --splits test,train}, {@code --warmup 50},
 * {@code --k 10}, {@code --candidates 100}, {@code --sizes 100000,1000000}, {@code --noise 0.75},
 * {@code --seed 42}, {@code --threads N}, {@code --ram-buffer-mb M} (building a synthetic index; default half
 * the heap), {@code --work DIR}, {@code --embeddings DIR}.
 */
public final class RetrievalBenchmark {

    private final Map<String, String> options;
    private final int threads;
    private final double ramBufferMb;
    private final int k;
    private final int candidates;
    private final int warmup;
    private final long seed;
    private final Path work;
    private final Path embeddings;
    private final Path djlCache;
    private final Map<String, SentenceEncoder> encoders = new LinkedHashMap<>();
    private final Map<String, String> summary = new LinkedHashMap<>();
    private final Map<String, List<float[]>> queryVectors = new LinkedHashMap<>();

    private BeirDataset data;
    private List<String> queries;

    private RetrievalBenchmark(Map<String, String> options) {
        this.options = options;
        this.threads = intOption("threads", Runtime.getRuntime().availableProcessors());
        // half the heap for building a synthetic index; Lucene takes at most 1945 MB per indexing thread
        this.ramBufferMb = intOption("ram-buffer-mb", (int) Math.min(1945L * threads,
                Runtime.getRuntime().maxMemory() / 2 / 1048576));
        this.k = intOption("k", 10);
        this.candidates = intOption("candidates", 100);
        this.warmup = intOption("warmup", 50);
        this.seed = Long.parseLong(options.getOrDefault("seed", "42"));
        Path build = Path.of(System.getProperty("thalamus.build.dir", "retrieval-experts/target"));
        this.work = Path.of(options.getOrDefault("work", build.resolve("bench-retrieval").toString()));
        this.embeddings = options.containsKey("embeddings") ? Path.of(options.get("embeddings")) : null;
        this.djlCache = build.resolve("djl-cache");
    }

    public static void main(String[] args) throws Exception {
        RetrievalBenchmark benchmark = new RetrievalBenchmark(parse(args));
        try {
            benchmark.run();
        } finally {
            benchmark.encoders.values().forEach(SentenceEncoder::close);
        }
    }

    private void run() throws IOException {
        Path beir = Path.of(options.getOrDefault("beir", "../shared/data/beir-scifact"));
        List<String> splits = list(options.getOrDefault("splits", "test,train"));
        Set<String> texts = new LinkedHashSet<>();
        for (String split : splits) {
            data = BeirDataset.load(beir, split);
            data.queries().forEach(query -> texts.add(query.text()));
        }
        queries = List.copyOf(texts);
        List<String> phases = list(options.getOrDefault("phases", "ingestion,search,scale"));
        System.out.printf("retrieval benchmark %s%n", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS));
        System.out.printf("machine: %d processors (%s), JVM %s, max heap %d MiB; %d threads for embedding, "
                        + "searches one at a time%n", Runtime.getRuntime().availableProcessors(), cpuModel(),
                System.getProperty("java.vm.version"), Runtime.getRuntime().maxMemory() >> 20, threads);
        System.out.printf("dataset %s: %d documents; %d distinct queries (%s)%n", data.name(), data.corpus().size(),
                queries.size(), String.join("+", splits));
        for (String phase : phases) {
            System.out.printf("%n== %s (load average %s)%n", phase, loadAverage());
            switch (phase) {
                case "ingestion" -> ingestion();
                case "search" -> search();
                case "scale" -> scale();
                default -> throw new IllegalArgumentException("unknown phase '" + phase
                        + "'; known: ingestion, search, scale");
            }
        }
        System.out.printf("%nload average at the end %s%n", loadAverage());
        StringBuilder line = new StringBuilder();
        summary.forEach((key, value) -> line.append(line.length() == 0 ? "" : " ").append(key).append('=').append(value));
        System.out.println(line);
    }

    // ---------------------------------------------------------------------------------------------- ingestion

    private void ingestion() {
        int sampleSize = Math.min(intOption("ingest-docs", 500), data.corpus().size());
        List<Document> sample = new ArrayList<>(data.corpus());
        Collections.shuffle(sample, new Random(seed));
        sample = sample.subList(0, sampleSize);
        List<String> texts = sample.stream().map(Document::embeddingText).toList();
        List<Integer> batches = ints(options.getOrDefault("batches", "1,8,32"));
        System.out.printf("document embedding: %d documents sampled at random (seed %d) from %d, %d threads, "
                + "one ONNX Runtime thread each%n", sampleSize, seed, data.corpus().size(), threads);
        int sortedBatch = intOption("sorted-batch", 32);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt(i -> texts.get(i).length()));
        List<String> byLength = order.stream().map(texts::get).toList();
        System.out.printf("%-22s %16s %9s %9s %14s %14s%n", "encoder", "batch", "docs/s", "seconds",
                "min cos vs 1", "mean cos vs 1");
        for (String name : encoderNames()) {
            SentenceEncoder encoder = encoder(name);
            // warm-up: native code, JIT and ONNX Runtime's first runs of each batch size
            for (int batch : batches) {
                new DocumentEmbedder(batch, threads).embed(encoder, texts.subList(0, Math.min(texts.size(), batch * threads)));
            }
            List<float[]> single = null;
            for (int run = 0; run < batches.size() + (sortedBatch > 1 ? 1 : 0); run++) {
                // the last run: the same documents sorted by length, so a batch pads less (speed only: the vectors
                // are put back in the sample's order before comparing)
                boolean sorted = run == batches.size();
                int batch = sorted ? sortedBatch : batches.get(run);
                List<String> input = sorted ? byLength : texts;
                long start = System.nanoTime();
                List<float[]> embedded = new DocumentEmbedder(batch, threads).embed(encoder, input);
                double seconds = (System.nanoTime() - start) / 1e9;
                List<float[]> vectors = embedded;
                if (sorted) {
                    vectors = new ArrayList<>(Collections.nCopies(embedded.size(), (float[]) null));
                    for (int i = 0; i < order.size(); i++) {
                        vectors.set(order.get(i), embedded.get(i));
                    }
                }
                String min = "";
                String mean = "";
                if (batch == 1) {
                    single = vectors;
                } else if (single != null) {
                    double[] cosines = new double[vectors.size()];
                    for (int i = 0; i < cosines.length; i++) {
                        cosines[i] = dot(single.get(i), vectors.get(i));
                    }
                    min = String.format(Locale.ROOT, "%.6f", Arrays.stream(cosines).min().orElse(0));
                    mean = String.format(Locale.ROOT, "%.6f", Arrays.stream(cosines).average().orElse(0));
                }
                String label = batch + (sorted ? " by length" : "");
                System.out.printf(Locale.ROOT, "%-22s %16s %9.1f %9.1f %14s %14s%n", name, label,
                        sampleSize / seconds, seconds, min, mean);
                summary.put("ingest_" + shortName(name) + "_b" + batch + (sorted ? "_sorted" : "") + "_docs_per_s",
                        String.format(Locale.ROOT, "%.1f", sampleSize / seconds));
            }
        }

        // BM25 only: the whole corpus, analysed, indexed, merged to one segment and committed
        List<Document> corpus = data.corpus();
        double[] rates = new double[3];
        try (LuceneIndex index = LuceneIndex.open(work.resolve("bm25-only"), TextAnalysis.ENGLISH)) {
            index.rebuild(corpus, Map.of(), "warm-up");
            for (int run = 0; run < rates.length; run++) {
                long start = System.nanoTime();
                index.rebuild(corpus, Map.of(), "bm25-only-" + run);
                rates[run] = corpus.size() / ((System.nanoTime() - start) / 1e9);
            }
        }
        Arrays.sort(rates);
        System.out.printf(Locale.ROOT, "BM25-only indexing (EnglishAnalyzer, stored fields, one segment, commit): "
                + "%.0f docs/s (median of 3 runs over %d documents; range %.0f-%.0f)%n",
                rates[1], corpus.size(), rates[0], rates[2]);
        summary.put("ingest_bm25_docs_per_s", String.format(Locale.ROOT, "%.0f", rates[1]));
    }

    // ------------------------------------------------------------------------------------------------- search

    private void search() {
        List<String> names = encoderNames();
        LuceneIndex index = scifactIndex(names);
        try {
            List<Method> methods = new ArrayList<>();
            methods.add(retrieverMethod("bm25", List.of(new Bm25Ranker(index))));
            for (String name : names) {
                methods.add(retrieverMethod(name, List.of(new DenseRanker(encoder(name), index))));
            }
            hybrid(index, hybridNames()).ifPresent(methods::add);
            for (String name : names) {
                methods.add(hnswOnly(name, index));
            }
            System.out.printf("search over %d documents: %d queries, each through every method after %d warm-up "
                    + "queries; top %d, hybrid fuses each ranker's top %d by RRF (k = 60)%n", index.size(),
                    queries.size(), warmup, k, candidates);
            measure(methods, "scifact");
        } finally {
            index.close();
        }

        List<Integer> sizes = ints(options.getOrDefault("query-batches", "8,32"));
        System.out.printf("%nquery embedding, %d queries on one thread (one ONNX Runtime thread): one per forward "
                + "pass vs N per pass%n", queries.size());
        System.out.printf("%-22s %6s %10s %14s %14s%n", "encoder", "N", "queries/s", "ms per pass", "min cos vs 1");
        for (String name : names) {
            SentenceEncoder encoder = encoder(name);
            List<String> prefixed = queries.stream().map(q -> encoder.options().queryPrefix() + q).toList();
            for (int n : sizes) { // warm-up of every pass size
                encoder.embedAll(prefixed.subList(0, Math.min(n, prefixed.size())));
            }
            long start = System.nanoTime();
            List<float[]> single = new ArrayList<>(queries.size());
            for (String query : queries) {
                single.add(encoder.embedQuery(query));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%-22s %6d %10.1f %14.2f %14s%n", name, 1, queries.size() / seconds,
                    seconds * 1000 / queries.size(), "");
            summary.put("query_embed_" + shortName(name) + "_n1_per_s", String.format(Locale.ROOT, "%.1f",
                    queries.size() / seconds));
            for (int n : sizes) {
                start = System.nanoTime();
                List<float[]> batched = new ArrayList<>(queries.size());
                int passes = 0;
                for (int from = 0; from < prefixed.size(); from += n) {
                    batched.addAll(encoder.embedAll(prefixed.subList(from, Math.min(prefixed.size(), from + n))));
                    passes++;
                }
                seconds = (System.nanoTime() - start) / 1e9;
                double min = 1;
                for (int i = 0; i < batched.size(); i++) {
                    min = Math.min(min, dot(single.get(i), batched.get(i)));
                }
                System.out.printf(Locale.ROOT, "%-22s %6d %10.1f %14.2f %14.6f%n", name, n, queries.size() / seconds,
                        seconds * 1000 / passes, min);
                summary.put("query_embed_" + shortName(name) + "_n" + n + "_per_s", String.format(Locale.ROOT,
                        "%.1f", queries.size() / seconds));
            }
        }
    }

    /** The whole corpus indexed with every encoder (vectors embedded one document at a time, or from the cache). */
    private LuceneIndex scifactIndex(List<String> names) {
        LuceneIndex index = LuceneIndex.open(work.resolve("scifact-index"), TextAnalysis.ENGLISH);
        try {
            List<SentenceEncoder> loaded = names.stream().map(this::encoder).toList();
            CollectionIndexer.Report report = new CollectionIndexer(new DocumentEmbedder(1, threads),
                    new EmbeddingCache(embeddingsDir())).ensure(index, data.corpus(), loaded, TextAnalysis.ENGLISH.name());
            report.embeddingMillis().forEach((name, millis) -> System.out.printf(Locale.ROOT,
                    "whole corpus, %s: %s%n", name, millis == 0 ? "vectors from the embedding cache"
                            : String.format(Locale.ROOT, "embedded one at a time, %.1f docs/s",
                            data.corpus().size() * 1000.0 / millis)));
            if (report.rebuilt()) {
                System.out.printf(Locale.ROOT, "whole corpus indexed (BM25 + %d HNSW fields, one segment) in %.1f s: "
                        + "%.0f docs/s%n", names.size(), report.indexMillis() / 1000.0,
                        data.corpus().size() * 1000.0 / Math.max(1, report.indexMillis()));
            } else {
                System.out.println("whole corpus: persisted index reused");
            }
            return index;
        } catch (RuntimeException e) {
            index.close();
            throw e;
        }
    }

    private Path embeddingsDir() {
        return embeddings != null ? embeddings
                : Path.of(System.getProperty("thalamus.build.dir", "retrieval-experts/target"))
                .resolve("beir").resolve(data.name()).resolve("embeddings");
    }

    // -------------------------------------------------------------------------------------------------- scale

    private void scale() {
        List<String> rankers = scaleRankers();
        List<String> dense = rankers.stream().filter(name -> !Bm25Ranker.NAME.equals(name)).toList();
        if (dense.isEmpty()) {
            throw new IllegalArgumentException("--scale-rankers needs at least one encoder");
        }
        List<Document> corpus = data.corpus();
        String corpusFingerprint = CorpusFingerprint.of(corpus);
        Map<String, List<float[]>> templateVectors = new LinkedHashMap<>();
        EmbeddingCache cache = new EmbeddingCache(embeddingsDir());
        for (String name : dense) {
            List<float[]> vectors = cache.load(name, 1, corpusFingerprint, corpus.size()).orElse(null);
            if (vectors == null) {
                scifactIndex(dense).close(); // embeds the corpus into the cache
                vectors = cache.load(name, 1, corpusFingerprint, corpus.size()).orElseThrow();
            }
            templateVectors.put(name, vectors);
        }
        double noise = Double.parseDouble(options.getOrDefault("noise", "0.75"));
        SyntheticCorpus synthetic = SyntheticCorpus.modelledOn(corpus, seed);
        System.out.printf(Locale.ROOT, "synthetic corpora modelled on %s (seed %d): text of words drawn from its "
                        + "%d-word vocabulary with their corpus frequencies, each document as long as a random real "
                        + "one; vectors = that real document's vector + Gaussian noise (sigma %.2f, expected cosine "
                        + "to it %.2f), normalised; fields: BM25 + HNSW for %s; real queries embedded by the real "
                        + "encoders%n", data.name(), seed, synthetic.vocabularySize(), noise,
                1 / Math.sqrt(1 + noise * noise), String.join(", ", dense));
        dense.forEach(this::encoder); // loaded before the baseline
        // the corpus's own size first: the same kind of index as the larger ones, to compare them with
        Set<Integer> sizes = new LinkedHashSet<>(List.of(corpus.size()));
        sizes.addAll(ints(options.getOrDefault("sizes", "100000,1000000")));
        for (int size : sizes) {
            Path dir = work.resolve("synthetic-" + size);
            String fingerprint = String.format(Locale.ROOT, "synthetic-2;%d;%d;%.4f;%s;%s", size, seed, noise,
                    corpusFingerprint, String.join(",", dense));
            System.out.printf("%n-- %,d documents (%s)%n", size, dir);
            Map<String, List<float[]>> vectors = new LinkedHashMap<>();
            dense.forEach(name -> vectors.put(name, synthetic.vectors(name, templateVectors.get(name), noise, size)));
            boolean reuse;
            try (LuceneIndex index = LuceneIndex.open(dir, TextAnalysis.ENGLISH)) {
                reuse = fingerprint.equals(index.fingerprint()) && index.size() == size;
            }
            if (reuse) {
                System.out.println("persisted synthetic index reused (built by an earlier run)");
            } else {
                System.out.printf(Locale.ROOT, "building: %d threads, %.0f MB RAM buffer, no merges%n", threads,
                        ramBufferMb);
                SyntheticIndexBuilder.Built built = new SyntheticIndexBuilder(threads, ramBufferMb)
                        .build(dir, synthetic.documents(size), vectors, fingerprint);
                System.out.printf(Locale.ROOT, "built (generation + BM25 + %d HNSW field%s + commit) in %.0f s: "
                                + "%.0f docs/s, %d segments%n", dense.size(), dense.size() == 1 ? "" : "s",
                        built.seconds(), size / built.seconds(), built.segments());
                summary.put("build_" + label(size) + "_s", String.format(Locale.ROOT, "%.0f", built.seconds()));
            }
            Memory before = Memory.now();
            LuceneIndex index = LuceneIndex.open(dir, TextAnalysis.ENGLISH);
            try {
                SyntheticIndexBuilder.check(index, synthetic.documents(size), vectors);
                List<Method> methods = new ArrayList<>();
                methods.add(retrieverMethod("bm25", List.of(new Bm25Ranker(index))));
                methods.add(retrieverMethod(dense.get(0), List.of(new DenseRanker(encoder(dense.get(0)), index))));
                hybrid(index, rankers).ifPresent(methods::add);
                dense.forEach(name -> methods.add(hnswOnly(name, index)));
                measure(methods, label(size));
                Memory after = Memory.now();
                long disk = directorySize(dir);
                System.out.printf(Locale.ROOT, "memory: index on disk %.1f MiB; heap used after full GC %.0f MiB "
                                + "(%.0f MiB before opening the index); resident set %.0f MiB (anonymous %.0f, "
                                + "file-backed %.0f; before opening the index %.0f)%n", disk / 1048576.0,
                        after.heap / 1048576.0, before.heap / 1048576.0, after.rss / 1024.0, after.rssAnon / 1024.0,
                        after.rssFile / 1024.0, before.rss / 1024.0);
                summary.put("disk_" + label(size) + "_mib", String.format(Locale.ROOT, "%.0f", disk / 1048576.0));
                summary.put("heap_" + label(size) + "_mib", String.format(Locale.ROOT, "%.0f", after.heap / 1048576.0));
                summary.put("rss_" + label(size) + "_mib", String.format(Locale.ROOT, "%.0f", after.rss / 1024.0));
            } finally {
                index.close();
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ methods

    /** One thing timed per query: a full search, or the HNSW search of a query vector embedded beforehand. */
    private record Method(String name, QueryRunner runner) {
    }

    private interface QueryRunner {
        void run(int query);
    }

    private Method retrieverMethod(String name, List<Ranker> rankers) {
        Retriever retriever = new Retriever(rankers, new ReciprocalRankFusion(ReciprocalRankFusion.DEFAULT_K), candidates);
        return new Method(name, query -> retriever.search(queries.get(query), k));
    }

    private Optional<Method> hybrid(LuceneIndex index, List<String> names) {
        if (names.size() < 2) {
            return Optional.empty();
        }
        List<Ranker> rankers = names.stream().<Ranker>map(name -> Bm25Ranker.NAME.equals(name) ? new Bm25Ranker(index)
                : new DenseRanker(encoder(name), index)).toList();
        return Optional.of(retrieverMethod("hybrid " + String.join("+", names) + " rrf", rankers));
    }

    /** HNSW search alone (top k), the query vector embedded beforehand. */
    private Method hnswOnly(String name, LuceneIndex index) {
        SentenceEncoder encoder = encoder(name);
        List<float[]> vectors = queryVectors.computeIfAbsent(name, n -> queries.stream().map(encoder::embedQuery).toList());
        return new Method(name + " (HNSW only)", query -> index.nearest(name, vectors.get(query), k));
    }

    private void measure(List<Method> methods, String label) {
        for (int q = 0; q < Math.min(warmup, queries.size()); q++) {
            for (Method method : methods) {
                method.runner().run(q);
            }
        }
        double[][] millis = new double[methods.size()][queries.size()];
        for (int q = 0; q < queries.size(); q++) {
            for (int j = 0; j < methods.size(); j++) {
                int m = (j + q) % methods.size();
                long start = System.nanoTime();
                methods.get(m).runner().run(q);
                millis[m][q] = (System.nanoTime() - start) / 1e6;
            }
        }
        System.out.printf("%-60s %8s %8s %8s %8s %8s%n", "method (ms per query)", "mean", "p50", "p90", "p99", "max");
        for (int m = 0; m < methods.size(); m++) {
            LatencyStats stats = LatencyStats.of(millis[m]);
            System.out.printf(Locale.ROOT, "%-60s %8.2f %8.2f %8.2f %8.2f %8.2f%n", methods.get(m).name(), stats.mean(),
                    stats.p50(), stats.p90(), stats.p99(), stats.max());
            String key = label + "_" + shortName(methods.get(m).name());
            summary.put(key + "_p50_ms", String.format(Locale.ROOT, "%.2f", stats.p50()));
            summary.put(key + "_p99_ms", String.format(Locale.ROOT, "%.2f", stats.p99()));
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private SentenceEncoder encoder(String name) {
        return encoders.computeIfAbsent(name, n -> {
            // one instance for everything: DocumentEmbedder's batch size and embedAll's list decide the pass size
            int largest = Stream.concat(ints(options.getOrDefault("batches", "1,8,32")).stream(),
                    ints(options.getOrDefault("query-batches", "8,32")).stream()).mapToInt(Integer::intValue).max().orElse(1);
            return SentenceEncoder.fromClasspath(n, EncoderCatalog.spec(n).options(djlCache, threads)
                    .withMaxBatchSize(Math.max(1, largest)));
        });
    }

    private List<String> encoderNames() {
        return list(options.getOrDefault("encoders", String.join(",", EncoderCatalog.names())));
    }

    private List<String> hybridNames() {
        return list(options.getOrDefault("hybrid", String.join(",", Bm25Ranker.NAME, EncoderCatalog.BGE_SMALL,
                EncoderCatalog.E5_SMALL)));
    }

    private List<String> scaleRankers() {
        return list(options.getOrDefault("scale-rankers", String.join(",", Bm25Ranker.NAME, EncoderCatalog.BGE_SMALL)));
    }

    private static String shortName(String method) {
        String name = method.toLowerCase(Locale.ROOT);
        if (name.startsWith("hybrid")) {
            return "hybrid";
        }
        String suffix = name.contains("hnsw only") ? "_hnsw" : "";
        if (name.startsWith("all-minilm")) {
            return "minilm" + suffix;
        }
        if (name.startsWith("bge")) {
            return "bge" + suffix;
        }
        if (name.startsWith("e5")) {
            return "e5" + suffix;
        }
        return name.replaceAll("[^a-z0-9]+", "_") + suffix;
    }

    private static String label(int size) {
        return size % 1_000_000 == 0 ? size / 1_000_000 + "m" : size % 1000 == 0 ? size / 1000 + "k" : Integer.toString(size);
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    /** Heap used after a full GC (bytes) and the resident set from /proc/self/status (KiB; 0 where unknown). */
    private record Memory(long heap, long rss, long rssAnon, long rssFile) {

        static Memory now() {
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            Map<String, Long> status = new LinkedHashMap<>();
            try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
                lines.filter(line -> line.startsWith("VmRSS:") || line.startsWith("RssAnon:") || line.startsWith("RssFile:"))
                        .forEach(line -> status.put(line.substring(0, line.indexOf(':')),
                                Long.parseLong(line.replaceAll("[^0-9]", ""))));
            } catch (IOException | RuntimeException e) {
                // not Linux: leave the resident set unknown
            }
            return new Memory(heap, status.getOrDefault("VmRSS", 0L), status.getOrDefault("RssAnon", 0L),
                    status.getOrDefault("RssFile", 0L));
        }
    }

    private static long directorySize(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(line -> line.startsWith("model name")).findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private int intOption(String name, int fallback) {
        return Integer.parseInt(options.getOrDefault(name, Integer.toString(fallback)));
    }

    private static List<Integer> ints(String value) {
        return list(value).stream().map(Integer::parseInt).toList();
    }
}
