package io.thalamus.retrieval.eval;

import io.thalamus.model.Centroids;
import io.thalamus.model.SentenceEncoder;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The routed setup of {@code eval-retrieval}: several retrieval experts, one per domain, and every query sent to
 * the expert whose pilot-query centroid it is closest to (RouterRetriever), measured the way the router measures it
 * (the router's MiniLM sentence encoder, cosine to the centroid).
 *
 * <p>The dataset's own domain takes its pilot queries from the {@code train} split (never the evaluated queries;
 * without a train split, the first pilots are taken out of the evaluated queries). The other domains are the
 * retrieval sources of a labelled routing file (task, source, id, text), e.g. Natural Questions or MS MARCO
 * queries: their pilots and held-out queries measure routing, but their corpora are not here, so a query of the
 * dataset routed to another domain's expert counts as finding nothing relevant (nDCG 0): that expert holds another
 * collection.
 */
final class RoutedSetup {

    /** A domain: its pilot queries and the queries held out to measure where routing sends them. */
    record Domain(String name, List<String> pilots, List<String> heldOut) {
    }

    /**
     * Per domain, the domain each of its held-out queries was sent to, in order, and the mean cosine of those
     * queries to their own domain's centroid and to the closest other one.
     */
    record Routing(Map<String, List<String>> destinations, Map<String, double[]> meanFits) {

        double accuracy(String domain) {
            List<String> sent = destinations.get(domain);
            return sent.isEmpty() ? Double.NaN : sent.stream().filter(domain::equals).count() / (double) sent.size();
        }

        Map<String, Integer> counts(String domain) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            destinations.get(domain).forEach(destination -> counts.merge(destination, 1, Integer::sum));
            return counts;
        }
    }

    private RoutedSetup() {
    }

    /**
     * The dataset's domain followed by the routing file's retrieval sources (except the dataset's own), each with
     * {@code pilots} pilot queries drawn with a fixed seed and at most {@code maxHeldOut} held-out queries.
     */
    static List<Domain> domains(String datasetName, List<String> ownPilots, List<String> ownTest, Path routingFile,
                                int pilots, int maxHeldOut) throws IOException {
        List<Domain> domains = new ArrayList<>(List.of(new Domain(datasetName, ownPilots, ownTest)));
        if (routingFile == null || !Files.isRegularFile(routingFile)) {
            return domains;
        }
        String own = normalised(datasetName);
        Map<String, List<String>> bySource = new LinkedHashMap<>();
        try (BufferedReader reader = Files.newBufferedReader(routingFile, StandardCharsets.UTF_8)) {
            String line = reader.readLine(); // header: task, source, id, text
            while ((line = reader.readLine()) != null) {
                String[] columns = line.split("\t", 4);
                if (columns.length == 4 && columns[0].equals("retrieval") && !normalised(columns[1]).equals(own)) {
                    bySource.computeIfAbsent(columns[1], source -> new ArrayList<>()).add(columns[3]);
                }
            }
        }
        bySource.forEach((source, texts) -> {
            List<String> shuffled = shuffled(texts);
            if (shuffled.size() > pilots) {
                domains.add(new Domain(source, shuffled.subList(0, pilots),
                        shuffled.subList(pilots, Math.min(shuffled.size(), pilots + maxHeldOut))));
            }
        });
        return domains;
    }

    /** The same list in an order fixed by a seed, so pilots and held-out queries are the same in every run. */
    static <T> List<T> shuffled(List<T> items) {
        List<T> copy = new ArrayList<>(items);
        Collections.shuffle(copy, new Random(20240611L));
        return copy;
    }

    /** Sends every held-out query of every domain to the domain whose centroid it is closest to. */
    static Routing route(List<Domain> domains, SentenceEncoder encoder) {
        List<float[]> centroids = domains.stream()
                .map(domain -> Centroids.of(domain.pilots().stream().map(encoder::embed).toList())).toList();
        Map<String, List<String>> destinations = new LinkedHashMap<>();
        Map<String, double[]> meanFits = new LinkedHashMap<>();
        for (int d = 0; d < domains.size(); d++) {
            List<String> sent = new ArrayList<>();
            double own = 0;
            double other = 0;
            for (String query : domains.get(d).heldOut()) {
                float[] vector = encoder.embed(query);
                sent.add(domains.get(closest(vector, centroids)).name());
                double closestOther = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < centroids.size(); c++) {
                    double fit = Centroids.cosine(vector, centroids.get(c));
                    if (c == d) {
                        own += fit;
                    } else {
                        closestOther = Math.max(closestOther, fit);
                    }
                }
                other += centroids.size() > 1 ? closestOther : 0;
            }
            int n = Math.max(1, sent.size());
            destinations.put(domains.get(d).name(), sent);
            meanFits.put(domains.get(d).name(), new double[]{own / n, other / n});
        }
        return new Routing(destinations, meanFits);
    }

    /** Index of the centroid with the highest cosine to {@code query}. */
    static int closest(float[] query, List<float[]> centroids) {
        int best = 0;
        double bestFit = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < centroids.size(); i++) {
            double fit = Centroids.cosine(query, centroids.get(i));
            if (fit > bestFit) {
                best = i;
                bestFit = fit;
            }
        }
        return best;
    }

    /** Prints where each domain's held-out queries went. */
    static void print(List<Domain> domains, Routing routing) {
        for (Domain domain : domains) {
            double[] fits = routing.meanFits().get(domain.name());
            System.out.printf(Locale.ROOT, "  %-22s %3d pilots, %4d held-out queries: %5.1f%% routed to it; "
                            + "mean fit %.3f to its centroid, %.3f to the closest other; %s%n",
                    domain.name(), domain.pilots().size(), domain.heldOut().size(),
                    100 * routing.accuracy(domain.name()), fits[0], fits[1], routing.counts(domain.name()));
        }
    }

    private static String normalised(String name) {
        return name.toLowerCase(Locale.ROOT).replace('-', '_');
    }
}
