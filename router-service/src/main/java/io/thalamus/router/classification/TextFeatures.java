package io.thalamus.router.classification;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The hashed sparse part of the features: word uni/bi-grams with sentence boundaries, character
 * n-grams inside words, and a few shape features (length bucket, casing, punctuation). Each group
 * is scaled to unit length, then by its weight from the {@link FeatureConfig}. Signed feature
 * hashing keeps colliding features from adding up in one direction.
 */
public final class TextFeatures {

    private static final int WORD_SEED = 0x5bd1e995;
    private static final int CHAR_SEED = 0x1b873593;
    private static final int SHAPE_SEED = 0x68e31da4;
    private static final int STYLE_SEED = 0x2f8a63c1;

    private static final Set<String> QUESTION_WORDS = Set.of("what", "who", "whom", "whose", "when", "where", "why",
            "how", "which", "whats", "is", "are", "was", "were", "do", "does", "did", "can", "could", "should", "will",
            "would", "has", "have", "define", "definition", "meaning", "list", "name", "explain", "describe");
    /** Words about what a request wants to look like: medium, style, rendering, quality. */
    private static final Set<String> VISUAL_WORDS = Set.of("painting", "painted", "paint", "photo", "photograph",
            "photography", "photorealistic", "realistic", "hyperrealistic", "hyper", "illustration", "illustrated",
            "render", "rendered", "rendering", "artstation", "art", "artwork", "artist", "digital", "concept",
            "detailed", "intricate", "highly", "cinematic", "lighting", "dramatic", "style", "portrait", "watercolor",
            "watercolour", "oil", "canvas", "sketch", "drawing", "drawn", "anime", "manga", "cartoon", "0d", "0k",
            "hd", "octane", "unreal", "trending", "masterpiece", "beautiful", "cute", "colorful", "colourful",
            "vibrant", "surreal", "fantasy", "epic", "matte", "bokeh", "studio", "closeup", "wallpaper", "poster",
            "pixel", "vector", "sharp", "focus", "ultra", "elegant", "ethereal", "symmetrical", "volumetric",
            "glowing", "neon", "pastel", "vintage", "retro", "cyberpunk", "steampunk", "baroque", "impressionist",
            "pencil", "charcoal", "acrylic", "ink", "lens", "depth", "field", "shot", "wide", "angle", "view",
            "scene", "background", "foreground", "made", "wearing", "holding", "sitting", "standing");
    /** Words that ask for information rather than describe a picture. */
    private static final Set<String> INFO_WORDS = Set.of("definition", "meaning", "means", "mean", "symptoms",
            "causes", "cause", "cost", "costs", "price", "salary", "difference", "between", "vs", "versus", "average",
            "population", "effect", "effects", "treatment", "role", "analysis", "study", "studies", "system",
            "systems", "based", "using", "approach", "method", "methods", "model", "models", "network", "networks",
            "learning", "data", "review", "survey", "example", "examples", "type", "types", "history", "year",
            "years", "number", "many", "much", "long", "old", "called", "used", "use", "name", "first", "last",
            "season", "episode", "song", "sang", "wrote", "played", "plays", "won", "die", "died", "born",
            "function", "process", "theory", "patients", "risk", "increase", "increases", "reduces", "associated",
            "cells", "disease", "protein", "gene", "evaluation", "performance", "design", "application",
            "applications", "algorithm", "algorithms", "towards", "via", "toward");

    private final FeatureConfig config;
    private final int mask;

    public TextFeatures(FeatureConfig config) {
        this.config = config;
        this.mask = config.buckets() - 1;
    }

    public SparseFeatures extract(String text) {
        List<String> tokens = tokens(text);
        Accumulator out = new Accumulator();
        if (config.wordScale() > 0) {
            int start = out.size;
            String previous = "<s>";
            for (String token : tokens) {
                out.add(token, WORD_SEED);
                if (config.wordNgrams() >= 2) {
                    out.add(previous + ' ' + token, WORD_SEED);
                }
                previous = token;
            }
            if (config.wordNgrams() >= 2) {
                out.add(previous + " </s>", WORD_SEED);
            }
            if (config.wordNgrams() >= 3) {
                for (int i = 0; i + 2 < tokens.size(); i++) {
                    out.add(tokens.get(i) + ' ' + tokens.get(i + 1) + ' ' + tokens.get(i + 2), WORD_SEED);
                }
            }
            out.normalise(start, config.wordScale());
        }
        if (config.charScale() > 0 && config.charMin() > 0) {
            int start = out.size;
            for (String token : tokens) {
                if (!Character.isLetterOrDigit(token.charAt(0))) {
                    continue;
                }
                String padded = '<' + token + '>';
                for (int n = config.charMin(); n <= config.charMax(); n++) {
                    for (int i = 0; i + n <= padded.length(); i++) {
                        out.add(padded.substring(i, i + n), CHAR_SEED);
                    }
                }
            }
            out.normalise(start, config.charScale());
        }
        if (config.shapeScale() > 0) {
            int start = out.size;
            for (String shape : shapes(text, tokens)) {
                out.add(shape, SHAPE_SEED);
            }
            out.normalise(start, config.shapeScale());
        }
        if (config.styleScale() > 0) {
            int start = out.size;
            for (String style : styles(text, tokens)) {
                out.add(style, STYLE_SEED);
            }
            out.normalise(start, config.styleScale());
        }
        return out.toFeatures();
    }

    /**
     * Cues of how a request is written rather than what it is about, so they carry over to sources
     * the classifier never saw: query-ness (question words, question marks, digits, acronyms, terse
     * lower-case keywords) and prompt-ness (visual and style vocabulary, comma lists, "X of Y" scene
     * phrases, "by" + artist, participles of scene descriptions).
     */
    static List<String> styles(String text, List<String> tokens) {
        List<String> styles = new ArrayList<>();
        List<String> words = tokens.stream().filter(t -> Character.isLetterOrDigit(t.charAt(0))).toList();
        if (words.isEmpty()) {
            styles.add("empty");
            return styles;
        }
        String first = words.get(0);
        styles.add(QUESTION_WORDS.contains(first) ? "first=question" : first.equals("a") || first.equals("an")
                || first.equals("the") ? "first=article" : "first=other");
        if (text.indexOf('?') >= 0) {
            styles.add("question-mark");
        }
        boolean anyUpper = text.chars().anyMatch(Character::isUpperCase);
        int length = bucket(words.size(), 1, 2, 3, 5, 8, 13, 20);
        styles.add((anyUpper ? "cased" : "lower") + "&len=" + length);
        if (text.chars().anyMatch(Character::isDigit)) {
            styles.add("digit");
        }
        for (String raw : text.split("[^\\p{L}\\p{N}]+")) {
            if (raw.length() >= 2 && raw.chars().allMatch(c -> Character.isUpperCase(c) || Character.isDigit(c))
                    && raw.chars().anyMatch(Character::isLetter)) {
                styles.add("acronym");
                break;
            }
        }
        int visual = 0;
        int info = 0;
        int participles = 0;
        for (String word : words) {
            visual += VISUAL_WORDS.contains(word) ? 1 : 0;
            info += INFO_WORDS.contains(word) || QUESTION_WORDS.contains(word) ? 1 : 0;
            participles += word.length() > 4 && word.endsWith("ing") ? 1 : 0;
        }
        styles.add("visual=" + bucket(visual, 0, 1, 2, 4));
        styles.add("info=" + bucket(info, 0, 1, 2));
        styles.add("visual-info=" + Integer.signum(visual - info));
        styles.add("participles=" + bucket(participles, 0, 1));
        int commas = 0;
        for (String token : tokens) {
            commas += token.equals(",") ? 1 : 0;
        }
        styles.add("comma-list=" + bucket(commas, 0, 1, 3) + "&len=" + length);
        for (int i = 0; i + 2 < words.size(); i++) {
            if (words.get(i + 1).equals("of") && VISUAL_WORDS.contains(words.get(i))) {
                styles.add("visual-of");
            }
        }
        int by = words.indexOf("by");
        if (by >= 0 && by + 2 < words.size() + 1 && by + 1 < words.size()) {
            styles.add("by-name");
        }
        return styles;
    }

    /** Lower-cased words (digits folded to 0) and single punctuation characters. */
    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        String lower = text.toLowerCase(Locale.ROOT);
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                word.append(Character.isDigit(c) ? '0' : c);
                continue;
            }
            if (word.length() > 0) {
                tokens.add(word.toString());
                word.setLength(0);
            }
            if (!Character.isWhitespace(c)) {
                tokens.add(String.valueOf(c));
            }
        }
        if (word.length() > 0) {
            tokens.add(word.toString());
        }
        return tokens;
    }

    private static List<String> shapes(String text, List<String> tokens) {
        List<String> shapes = new ArrayList<>();
        int words = 0;
        int commas = 0;
        for (String token : tokens) {
            if (Character.isLetterOrDigit(token.charAt(0))) {
                words++;
            } else if (token.equals(",")) {
                commas++;
            }
        }
        shapes.add("words=" + bucket(words, 1, 2, 3, 4, 6, 9, 14, 24));
        shapes.add("commas=" + bucket(commas, 0, 1, 3));
        String trimmed = text.strip();
        if (!trimmed.isEmpty()) {
            shapes.add("first=" + charClass(trimmed.charAt(0)));
            shapes.add("last=" + charClass(trimmed.charAt(trimmed.length() - 1)));
        }
        int capitalised = 0;
        int lettersWords = 0;
        for (String raw : trimmed.split("\\s+")) {
            if (!raw.isEmpty() && Character.isLetter(raw.charAt(0))) {
                lettersWords++;
                if (Character.isUpperCase(raw.charAt(0))) {
                    capitalised++;
                }
            }
        }
        if (lettersWords > 0) {
            shapes.add("capitalised=" + bucket(Math.round(4f * capitalised / lettersWords), 0, 1, 2, 3));
        }
        return shapes;
    }

    private static String charClass(char c) {
        if (Character.isUpperCase(c)) {
            return "upper";
        }
        if (Character.isLetter(c)) {
            return "lower";
        }
        if (Character.isDigit(c)) {
            return "digit";
        }
        return String.valueOf(c);
    }

    /** Index of the first bound that {@code value} does not exceed, or the count of bounds. */
    private static int bucket(int value, int... bounds) {
        for (int i = 0; i < bounds.length; i++) {
            if (value <= bounds[i]) {
                return i;
            }
        }
        return bounds.length;
    }

    private final class Accumulator {
        private int[] index = new int[64];
        private float[] value = new float[64];
        private int size;

        void add(String feature, int seed) {
            int hash = Murmur3.hash(feature, seed);
            if (size == index.length) {
                index = java.util.Arrays.copyOf(index, size * 2);
                value = java.util.Arrays.copyOf(value, size * 2);
            }
            index[size] = hash & mask;
            value[size] = (hash >>> 31) == 0 ? 1f : -1f;
            size++;
        }

        void normalise(int start, float scale) {
            int count = size - start;
            if (count == 0) {
                return;
            }
            float factor = (float) (scale / Math.sqrt(count));
            for (int i = start; i < size; i++) {
                value[i] *= factor;
            }
        }

        SparseFeatures toFeatures() {
            return new SparseFeatures(java.util.Arrays.copyOf(index, size), java.util.Arrays.copyOf(value, size));
        }
    }
}
