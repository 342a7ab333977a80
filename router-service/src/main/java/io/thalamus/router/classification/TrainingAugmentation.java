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
    /** Generic prompt-writing vocabulary (quality, medium, lighting, composition, movement), not taken from any source. */
    private static final List<String> MODIFIERS = List.of(
            "highly detailed", "intricate", "sharp focus", "8k", "4k", "hd", "ultra realistic", "photorealistic",
            "hyperrealistic", "masterpiece", "award winning", "high resolution", "smooth", "elegant", "beautiful",
            "digital painting", "oil painting", "watercolor", "concept art", "matte painting", "illustration",
            "3d render", "octane render", "unreal engine", "pencil sketch", "ink drawing", "anime", "pixel art",
            "low poly", "vector art", "photograph", "35mm film", "polaroid", "dslr", "cinematic lighting",
            "volumetric lighting", "golden hour", "soft light", "dramatic lighting", "studio lighting", "rim light",
            "neon lights", "wide angle", "close up", "full body", "symmetrical", "rule of thirds", "bokeh",
            "depth of field", "isometric", "aerial view", "trending on artstation", "artstation", "deviantart",
            "behance", "vaporwave", "cyberpunk", "steampunk", "surrealism", "art nouveau", "baroque", "impressionism",
            "fantasy", "sci-fi", "dark fantasy", "gothic", "minimalist", "vivid colors", "pastel colors", "epic",
            "dreamy", "moody", "detailed background", "trending on pinterest", "realistic", "cute", "whimsical");
    /** Painters everybody knows; the artist names of user prompt sites are deliberately not used. */
    private static final List<String> ARTISTS = List.of("van gogh", "claude monet", "rembrandt", "salvador dali",
            "hokusai", "pablo picasso", "edward hopper", "johannes vermeer", "caravaggio", "gustav klimt",
            "wassily kandinsky", "frida kahlo", "andy warhol", "norman rockwell", "william turner", "albert bierstadt",
            "hieronymus bosch", "rene magritte", "michelangelo", "leonardo da vinci", "john singer sargent",
            "edvard munch", "paul cezanne", "henri matisse", "katsushika hokusai", "ansel adams", "annie leibovitz");
    private static final List<String> MEDIA = List.of("a painting of", "a photo of", "portrait of", "an illustration of",
            "concept art of", "a digital painting of", "a watercolor of", "a sketch of", "a 3d render of",
            "an oil painting of", "a poster of", "a cinematic shot of", "a drawing of");

    /**
     * One prompt-style variant of each text-to-image request, same source: written the way people
     * type prompts to image generators rather than the way captions are written. The article may
     * be dropped and the text lower-cased, then a medium prefix ("a painting of …"), generic
     * modifiers (", highly detailed, cinematic lighting") and/or "by" + a famous painter are added.
     * Caption and benchmark prompts otherwise teach that text-to-image requests are full, plain
     * sentences, and user prompts (lists of modifiers, bare phrases) look unlike any of them.
     */
    static List<RoutingExample> promptStyle(List<RoutingExample> examples, String task, long seed) {
        Random random = new Random(seed + 2);
        List<RoutingExample> variants = new ArrayList<>();
        for (RoutingExample example : examples) {
            if (example.hasImage() || !example.task().equals(task)) {
                continue;
            }
            String text = example.text().strip();
            if (text.endsWith(".")) {
                text = text.substring(0, text.length() - 1).strip();
            }
            if (random.nextBoolean()) {
                text = text.toLowerCase(Locale.ROOT);
            }
            if (random.nextBoolean()) {
                text = text.replaceFirst("^(?i)(a|an|the) ", "");
            }
            if (text.isEmpty()) {
                continue;
            }
            StringBuilder prompt = new StringBuilder();
            int form = random.nextInt(4);
            if (form == 0) {
                String lower = text.replaceFirst("^(?i)(a|an|the) ", "");
                prompt.append(MEDIA.get(random.nextInt(MEDIA.size()))).append(' ')
                        .append(Character.toLowerCase(lower.charAt(0))).append(lower.substring(1));
            } else {
                prompt.append(text);
            }
            if (form == 2 || random.nextInt(3) == 0) {
                prompt.append(random.nextBoolean() ? ", by " : " by ").append(ARTISTS.get(random.nextInt(ARTISTS.size())));
                if (random.nextInt(4) == 0) {
                    prompt.append(" and ").append(ARTISTS.get(random.nextInt(ARTISTS.size())));
                }
            }
            int modifiers = form == 3 ? 2 + random.nextInt(6) : random.nextInt(4);
            Set<String> used = new HashSet<>();
            for (int m = 0; m < modifiers; m++) {
                String modifier = MODIFIERS.get(random.nextInt(MODIFIERS.size()));
                if (used.add(modifier)) {
                    prompt.append(", ").append(modifier);
                }
            }
            String variant = prompt.toString();
            if (!variant.equals(example.text())) {
                variants.add(new RoutingExample(example.task(), example.source(), example.id() + "-prompt", variant, false));
            }
        }
        return variants;
    }
    private static final Set<String> TITLE_SMALL_WORDS = Set.of("a", "an", "the", "and", "or", "but", "nor", "of", "in",
            "on", "at", "to", "for", "with", "by", "from", "as", "via", "vs", "per");

    /**
     * A Title Case copy of every title among the extra retrieval text (source {@code titleSource}):
     * many titles people search for (papers, articles, books) are written in Title Case, which
     * otherwise only captions and benchmark prompts of the other task resemble.
     */
    static List<RoutingExample> titleCase(List<RoutingExample> extra, String titleSource) {
        List<RoutingExample> variants = new ArrayList<>();
        for (RoutingExample example : extra) {
            if (!example.source().equals(titleSource)) {
                continue;
            }
            String[] words = example.text().split(" ");
            StringBuilder title = new StringBuilder();
            for (int i = 0; i < words.length; i++) {
                String word = words[i];
                if (i > 0) {
                    title.append(' ');
                }
                boolean small = i > 0 && TITLE_SMALL_WORDS.contains(word.toLowerCase(Locale.ROOT));
                if (!small && !word.isEmpty() && Character.isLowerCase(word.charAt(0))) {
                    title.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
                } else {
                    title.append(word);
                }
            }
            String variant = title.toString();
            if (!variant.equals(example.text())) {
                variants.add(new RoutingExample(example.task(), example.source(), example.id() + "-titlecase", variant, false));
            }
        }
        return variants;
    }
}
