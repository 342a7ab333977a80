package io.thalamus.router.classification;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
        return out.toFeatures();
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
