package io.thalamus.router.classification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thalamus.api.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Extra training text beyond the labelled routing file. Extra rows are only ever trained on,
 * never scored, and each belongs to a source so that holding a source out holds out its extras too.
 */
final class TrainingAugmentation {

    private static final Pattern WORD = Pattern.compile("\\p{L}[\\p{L}'’-]*");
    private static final Set<String> STOPWORDS = Set.of(
            "a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "with", "by", "from", "into",
            "onto", "over", "under", "up", "down", "out", "off", "as", "is", "are", "was", "were", "be", "been",
            "being", "am", "do", "does", "did", "has", "have", "had", "it", "its", "this", "that", "these", "those",
            "there", "their", "they", "them", "he", "she", "his", "her", "him", "we", "our", "you", "your", "i",
            "my", "me", "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "not", "no", "can",
            "could", "will", "would", "should", "may", "might", "must", "shall", "than", "then", "so", "if", "very",
            "some", "any", "all", "each", "about", "between", "while", "near", "next", "s");

    private TrainingAugmentation() {
    }

    /**
     * Scientific claims and paper titles from a BEIR SciFact folder as retrieval requests: the
     * claims not already in the routing file (source {@code beir_scifact}, held out with it) and
     * the corpus titles (source {@code scifact_corpus_titles}; SCIDOCS-style queries are titles).
     */
    static List<RoutingExample> scifact(Path folder, Set<String> known) throws IOException {
        ObjectMapper mapper = Json.newMapper();
        List<RoutingExample> extra = new ArrayList<>();
        Set<String> seen = new HashSet<>(known);
        for (JsonNode query : lines(mapper, folder.resolve("queries.jsonl"))) {
            String text = query.path("text").asText("").strip();
            if (!text.isEmpty() && seen.add(text)) {
                extra.add(new RoutingExample("retrieval", "beir_scifact", "query-" + query.path("_id").asText(), text, false));
            }
        }
        for (JsonNode document : lines(mapper, folder.resolve("corpus.jsonl"))) {
            String title = document.path("title").asText("").strip();
            if (title.endsWith(".")) {
                title = title.substring(0, title.length() - 1);
            }
            if (!title.isEmpty() && seen.add(title)) {
                extra.add(new RoutingExample("retrieval", "scifact_corpus_titles", "title-" + document.path("_id").asText(), title, false));
            }
        }
        return extra;
    }

    private static List<JsonNode> lines(ObjectMapper mapper, Path file) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    nodes.add(mapper.readTree(line));
                }
            }
        }
        return nodes;
    }

    /**
     * One- and two-word fragments of text-only requests (their content words, same task and
     * source). Real requests are often just a word or two; without these the classifier learns
     * "short means prompt" from the few short examples and is confidently wrong on bare names.
     */
    static List<RoutingExample> fragments(List<RoutingExample> examples, long seed) {
        Random random = new Random(seed);
        List<RoutingExample> fragments = new ArrayList<>();
        for (RoutingExample example : examples) {
            if (example.hasImage()) {
                continue;
            }
            List<String> content = new ArrayList<>();
            Matcher matcher = WORD.matcher(example.text());
            while (matcher.find()) {
                String word = matcher.group();
                if (word.length() >= 3 && !STOPWORDS.contains(word.toLowerCase(Locale.ROOT))) {
                    content.add(word);
                }
            }
            if (content.isEmpty()) {
                continue;
            }
            int length = content.size() > 1 && random.nextBoolean() ? 2 : 1;
            int start = random.nextInt(content.size() - length + 1);
            String fragment = String.join(" ", content.subList(start, start + length));
            fragments.add(new RoutingExample(example.task(), example.source(), example.id() + "-fragment", fragment, false));
        }
        return fragments;
    }

    /**
     * One plain-style variant of each text-only request, same task and source: lower-cased with
     * punctuation removed, and for longer texts cut to their first words at random. New sources
     * differ from the training ones mostly in casing, punctuation and length; the variants keep
     * the classifier from keying on those alone (e.g. "capitalised and ends with a period").
     */
    static List<RoutingExample> variants(List<RoutingExample> examples, long seed) {
        Random random = new Random(seed + 1);
        List<RoutingExample> variants = new ArrayList<>();
        for (RoutingExample example : examples) {
            if (example.hasImage()) {
                continue;
            }
            String plain = example.text().toLowerCase(Locale.ROOT).replaceAll("[\\p{P}&&[^'’-]]+", " ")
                    .replaceAll("\\s+", " ").strip();
            String[] words = plain.split(" ");
            if (words.length > 6 && random.nextBoolean()) {
                int keep = 3 + random.nextInt(words.length - 4);
                plain = String.join(" ", java.util.Arrays.copyOf(words, keep));
            }
            if (!plain.isEmpty() && !plain.equals(example.text())) {
                variants.add(new RoutingExample(example.task(), example.source(), example.id() + "-plain", plain, false));
            }
        }
        return variants;
    }
}
