package io.thalamus.retrieval.eval;

import io.thalamus.model.SentenceEncoder;
import io.thalamus.retrieval.encoding.EncoderCatalog;
import io.thalamus.retrieval.index.LuceneIndex;
import io.thalamus.retrieval.index.MetadataFilter;
import io.thalamus.retrieval.index.TextAnalysis;
import io.thalamus.retrieval.ingest.CollectionIndexer;
import io.thalamus.retrieval.ingest.DocumentEmbedder;
import io.thalamus.retrieval.ingest.EmbeddingCache;
import io.thalamus.retrieval.search.Bm25Ranker;
import io.thalamus.retrieval.search.DenseRanker;
import io.thalamus.retrieval.search.Hit;
import io.thalamus.retrieval.search.Ranker;
import io.thalamus.retrieval.search.ReciprocalRankFusion;
import io.thalamus.retrieval.search.Retriever;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.thalamus.retrieval.eval.CommandLineOptions.list;
import static io.thalamus.retrieval.eval.CommandLineOptions.parse;

/**
 * Evaluates retrieval in-process on a BEIR folder: every encoder alone, BM25 with each text analysis, and hybrid
 * (BM25 fused with the encoders), printing nDCG@10, Recall@100 and per-query latency (query embedding included),
 * then {@code best_ndcg10=<value>}; then the routed setup ({@link RoutedSetup}): the dataset's expert (the best
 * method) among other domains' experts, each query routed by pilot-query centroids, with
 * {@code routed_ndcg10=… routed_recall100=… routing_accuracy=…}. Document vectors are cached under the work directory, and the Lucene index is
 * kept there, so a rerun only searches.
 *
 * <p>Arguments: {@code --beir DIR} (required), {@code --split test}, {@code --encoders a,b,c},
 * {@code --analyses english,standard} (the first one is used for hybrid), {@code --doc-batch 1},
 * {@code --threads N}, {@code --work DIR}; routed setup: {@code --routed false} (skip it), {@code --routed-pilots 50},
 * {@code --routed-held-out 500}, {@code --routing-data FILE} (default {@code <beir>/../routing/routing-train.tsv}),
 * {@code --routed-expert METHOD} (default the best).
 */
public final class BeirEvaluation {

    private static final int NDCG_AT = 10;
    private static final int RECALL_AT = 100;

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        Path beir = Path.of(required(options, "beir"));
        BeirDataset data = BeirDataset.load(beir, options.getOrDefault("split", "test"));
        List<String> encoderNames = list(options.getOrDefault("encoders", String.join(",", EncoderCatalog.names())));
        List<TextAnalysis> analyses = list(options.getOrDefault("analyses", "english,standard")).stream()
                .map(name -> TextAnalysis.valueOf(name.toUpperCase(Locale.ROOT))).toList();
        int docBatch = Integer.parseInt(options.getOrDefault("doc-batch", "1"));
        int threads = Integer.parseInt(options.getOrDefault("threads",
                Integer.toString(Runtime.getRuntime().availableProcessors())));
        Path work = Path.of(options.getOrDefault("work", "retrieval-experts/target/beir/" + data.name()));
        Path djlCache = Path.of(System.getProperty("thalamus.build.dir", "retrieval-experts/target"), "djl-cache");

        System.out.printf("dataset %s: %d documents, %d %s queries; documents embedded %s on %d threads%n",
                data.name(), data.corpus().size(), data.queries().size(), options.getOrDefault("split", "test"),
                docBatch == 1 ? "one at a time" : "in batches of " + docBatch, threads);

        List<SentenceEncoder> encoders = new ArrayList<>();
        List<LuceneIndex> indexes = new ArrayList<>();
        try {
            for (String name : encoderNames) {
                encoders.add(EncoderCatalog.load(name, djlCache, threads));
            }
            CollectionIndexer indexer = new CollectionIndexer(new DocumentEmbedder(docBatch, threads),
                    new EmbeddingCache(work.resolve("embeddings")));
            List<Retriever> retrievers = new ArrayList<>();
            for (int i = 0; i < analyses.size(); i++) {
                TextAnalysis analysis = analyses.get(i);
                // the first index holds the vectors, the others serve BM25 with another analysis only
                List<SentenceEncoder> vectors = i == 0 ? encoders : List.of();
                LuceneIndex index = LuceneIndex.open(work.resolve("index-" + analysis.name().toLowerCase(Locale.ROOT)
                        + (vectors.isEmpty() ? "" : "-batch" + docBatch)), analysis);
                indexes.add(index);
                CollectionIndexer.Report report = indexer.ensure(index, data.corpus(), vectors, analysis.name());
                report.embeddingMillis().forEach((encoder, millis) -> System.out.printf(
                        "ingest %-22s %s%n", encoder, millis == 0 ? "vectors from the cache"
                                : String.format(Locale.ROOT, "%.1f docs/s (%d ms)",
                                data.corpus().size() * 1000.0 / millis, millis)));
                if (report.rebuilt()) {
                    System.out.printf("index %s: built in %d ms%n", analysis, report.indexMillis());
                }
                retrievers.add(new Retriever(List.of(new NamedRanker("bm25-" + analysis.name().toLowerCase(Locale.ROOT),
                        new Bm25Ranker(index))), null, RECALL_AT));
            }
            LuceneIndex vectorIndex = indexes.get(0);
            List<Ranker> dense = encoders.stream().<Ranker>map(encoder -> new DenseRanker(encoder, vectorIndex)).toList();
            dense.forEach(ranker -> retrievers.add(new Retriever(List.of(ranker), null, RECALL_AT)));
            Ranker bm25 = new Bm25Ranker(vectorIndex);
            ReciprocalRankFusion rrf = new ReciprocalRankFusion(ReciprocalRankFusion.DEFAULT_K);
            if (dense.size() > 1) {
                retrievers.add(new Retriever(dense, rrf, RECALL_AT));
            }
            // BM25 fused with every non-empty set of encoders
            for (int mask = 1; mask < 1 << dense.size(); mask++) {
                List<Ranker> fused = new ArrayList<>(List.of(bm25));
                for (int e = 0; e < dense.size(); e++) {
                    if ((mask & 1 << e) != 0) {
                        fused.add(dense.get(e));
                    }
                }
                retrievers.add(new Retriever(fused, rrf, RECALL_AT));
            }

            System.out.printf("%-70s %8s %10s %8s %8s%n", "method", "nDCG@10", "Recall@100", "p50_ms", "p99_ms");
            Map<String, Score> scores = new LinkedHashMap<>();
            Score best = null;
            for (Retriever retriever : retrievers) {
                Score score = evaluate(retriever, data.queries());
                scores.put(retriever.name(), score);
                best = best == null || score.ndcg() > best.ndcg() ? score : best;
                System.out.printf(Locale.ROOT, "%-70s %8.4f %10.4f %8.2f %8.2f%n", retriever.name(), score.ndcg(),
                        score.recall(), score.p50(), score.p99());
            }
            System.out.printf(Locale.ROOT, "best_ndcg10=%.4f%n", best.ndcg());
            if (!"false".equals(options.get("routed"))) {
                String expert = options.getOrDefault("routed-expert", scores.entrySet().stream()
                        .filter(entry -> entry.getValue().ndcg() == scores.values().stream()
                                .mapToDouble(Score::ndcg).max().orElse(0))
                        .map(Map.Entry::getKey).findFirst().orElseThrow());
                evaluateRouted(beir, data, expert, scores.get(expert), options, djlCache, threads);
            }
        } finally {
            encoders.forEach(SentenceEncoder::close);
            indexes.forEach(LuceneIndex::close);
        }
    }

    /**
     * The routed setup ({@link RoutedSetup}): the dataset's queries and other domains' queries routed by pilot-query
     * centroids; the dataset's expert is {@code expert} (by default the best method above).
     */
    private static void evaluateRouted(Path beir, BeirDataset data, String expert, Score expertScore,
                                       Map<String, String> options, Path djlCache, int threads) throws Exception {
        if (expertScore == null) {
            throw new IllegalArgumentException("--routed-expert '" + expert + "' is none of the methods above");
        }
        int pilots = Integer.parseInt(options.getOrDefault("routed-pilots", "50"));
        Path routingFile = Path.of(options.getOrDefault("routing-data",
                beir.toAbsolutePath().getParent().resolve("routing/routing-train.tsv").toString()));
        List<String> test = data.queries().stream().map(BeirDataset.Query::text).toList();
        List<String> ownPilots;
        int firstEvaluated = 0;
        if (BeirDataset.hasSplit(beir, "train")) {
            ownPilots = RoutedSetup.shuffled(BeirDataset.queries(beir, "train").stream().map(BeirDataset.Query::text)
                    .filter(text -> !test.contains(text)).toList());
            ownPilots = ownPilots.subList(0, Math.min(pilots, ownPilots.size()));
        } else {
            // no train split: the first queries become pilots and are not evaluated
            firstEvaluated = Math.min(pilots, test.size() / 2);
            ownPilots = test.subList(0, firstEvaluated);
        }
        List<String> evaluated = test.subList(firstEvaluated, test.size());
        List<RoutedSetup.Domain> domains = RoutedSetup.domains(data.name(), ownPilots, evaluated, routingFile, pilots,
                Integer.parseInt(options.getOrDefault("routed-held-out", "500")));
        System.out.printf(Locale.ROOT, "routed setup: %d domain experts, each query to the domain whose pilot-query "
                + "centroid is closest (%s, cosine); %s expert = %s%n", domains.size(), EncoderCatalog.MINILM,
                data.name(), expert);
        if (domains.size() == 1) {
            System.out.println("  (no other domain: " + routingFile + " is missing, so every query stays in "
                    + data.name() + ")");
        }
        RoutedSetup.Routing routing;
        try (SentenceEncoder encoder = EncoderCatalog.load(EncoderCatalog.MINILM, djlCache, threads)) {
            routing = RoutedSetup.route(domains, encoder);
        }
        RoutedSetup.print(domains, routing);
        List<String> sentTo = routing.destinations().get(data.name());
        double ndcg = 0;
        double recall = 0;
        double expertNdcg = 0;
        double expertRecall = 0;
        for (int i = 0; i < evaluated.size(); i++) {
            int q = firstEvaluated + i;
            expertNdcg += expertScore.ndcgs()[q];
            expertRecall += expertScore.recalls()[q];
            // another domain's expert holds another collection: nothing relevant there
            if (sentTo.get(i).equals(data.name())) {
                ndcg += expertScore.ndcgs()[q];
                recall += expertScore.recalls()[q];
            }
        }
        int n = evaluated.size();
        System.out.printf(Locale.ROOT, "%-70s %8.4f %10.4f%n", "routed (" + data.name() + " queries over "
                + domains.size() + " domain experts)", ndcg / n, recall / n);
        System.out.printf(Locale.ROOT, "%-70s %8.4f %10.4f%n", "  the " + data.name() + " expert alone, same "
                + n + " queries", expertNdcg / n, expertRecall / n);
        System.out.printf(Locale.ROOT, "routed_ndcg10=%.4f routed_recall100=%.4f routing_accuracy=%.4f%n", ndcg / n,
                recall / n, routing.accuracy(data.name()));
    }

    /**
     * Mean metrics over the queries, the metrics of each query (in order), and latency percentiles of one search
     * each (after one warm-up pass).
     */
    private record Score(double ndcg, double recall, double p50, double p99, double[] ndcgs, double[] recalls) {
    }

    private static Score evaluate(Retriever retriever, List<BeirDataset.Query> queries) {
        for (BeirDataset.Query query : queries.subList(0, Math.min(50, queries.size()))) {
            retriever.search(query.text(), RECALL_AT);
        }
        double[] ndcgs = new double[queries.size()];
        double[] recalls = new double[queries.size()];
        double[] millis = new double[queries.size()];
        for (int i = 0; i < queries.size(); i++) {
            BeirDataset.Query query = queries.get(i);
            long start = System.nanoTime();
            List<Hit> hits = retriever.search(query.text(), RECALL_AT);
            millis[i] = (System.nanoTime() - start) / 1e6;
            List<String> ranking = hits.stream().map(Hit::id).toList();
            ndcgs[i] = RetrievalMetrics.ndcg(ranking, query.relevant(), NDCG_AT);
            recalls[i] = RetrievalMetrics.recall(ranking, query.relevant(), RECALL_AT);
        }
        Arrays.sort(millis);
        return new Score(Arrays.stream(ndcgs).average().orElse(0), Arrays.stream(recalls).average().orElse(0),
                percentile(millis, 0.50), percentile(millis, 0.99), ndcgs, recalls);
    }

    private static double percentile(double[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    /** A ranker reported under another name (BM25 over one analysis or another). */
    private record NamedRanker(String name, Ranker ranker) implements Ranker {
        @Override
        public List<Hit> rank(String query, MetadataFilter filter, int k) {
            return ranker.rank(query, filter, k);
        }
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
