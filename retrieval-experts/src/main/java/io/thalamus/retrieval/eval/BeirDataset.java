package io.thalamus.retrieval.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thalamus.retrieval.corpus.Document;
import io.thalamus.retrieval.corpus.JsonlCorpusReader;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A BEIR folder: {@code corpus.jsonl}, {@code queries.jsonl} and {@code qrels/<split>.tsv}
 * (query-id, corpus-id, score, with a header line). Only the queries judged in the split are kept.
 */
public record BeirDataset(String name, List<Document> corpus, List<Query> queries) {

    /** A query and the ids of the documents judged relevant to it (score above 0). */
    public record Query(String id, String text, Set<String> relevant) {
    }

    public static BeirDataset load(Path dir, String split) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        JsonlCorpusReader.Result corpus = new JsonlCorpusReader(mapper, Integer.MAX_VALUE)
                .read(Files.newBufferedReader(dir.resolve("corpus.jsonl"), StandardCharsets.UTF_8));
        if (!corpus.rejected().isEmpty()) {
            throw new IOException(dir.resolve("corpus.jsonl") + ": " + corpus.rejected().size()
                    + " malformed lines, the first: " + corpus.rejected().get(0));
        }
        return new BeirDataset(dir.getFileName().toString(), corpus.documents(), queries(dir, split));
    }

    /** Whether the folder has judgements for {@code split}. */
    public static boolean hasSplit(Path dir, String split) {
        return Files.isRegularFile(dir.resolve("qrels").resolve(split + ".tsv"));
    }

    /** The queries judged in {@code split}, with their relevant documents, in the order of queries.jsonl. */
    public static List<Query> queries(Path dir, String split) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, Set<String>> relevant = new LinkedHashMap<>();
        try (BufferedReader reader = Files.newBufferedReader(dir.resolve("qrels").resolve(split + ".tsv"))) {
            String line = reader.readLine(); // header
            while ((line = reader.readLine()) != null) {
                String[] columns = line.split("\t");
                if (columns.length >= 3 && Integer.parseInt(columns[2].trim()) > 0) {
                    relevant.computeIfAbsent(columns[0], id -> new LinkedHashSet<>()).add(columns[1]);
                }
            }
        }
        List<Query> queries = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(dir.resolve("queries.jsonl"), StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = mapper.readTree(line);
                String id = node.get("_id").asText();
                if (relevant.containsKey(id)) {
                    queries.add(new Query(id, node.get("text").asText(), Set.copyOf(relevant.get(id))));
                }
            }
        }
        return queries;
    }
}
