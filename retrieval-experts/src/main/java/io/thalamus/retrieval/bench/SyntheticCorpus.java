package io.thalamus.retrieval.bench;

import io.thalamus.retrieval.corpus.Document;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.RandomAccess;
import java.util.SplittableRandom;

/**
 * A corpus of any size modelled on a real one, for scaling measurements where embedding every document with a
 * real encoder would take too long. Synthetic document {@code i} is generated from its own seed, so any document
 * (and its vectors) can be produced on demand, in any order, the same every time:
 *
 * <ul>
 *   <li>it takes a real document as its <em>template</em>, chosen uniformly at random;</li>
 *   <li>its title and text have as many words as the template's, each drawn independently from the real corpus's
 *       vocabulary with the word's corpus frequency (a Zipf-shaped unigram distribution);</li>
 *   <li>its vector for a model is the template's real vector plus Gaussian noise, normalised again:
 *       {@code normalise(v + noise * g / sqrt(d))}, {@code g} standard normal, so its cosine to the template's
 *       vector is about {@code 1 / sqrt(1 + noise^2)}.</li>
 * </ul>
 *
 * The lists returned are views: nothing is held in memory but the vocabulary and the template vectors.
 */
public final class SyntheticCorpus {

    private final long seed;
    private final String[] words;
    private final long[] cumulativeCounts;
    private final int[] titleLengths;
    private final int[] textLengths;

    private SyntheticCorpus(long seed, String[] words, long[] cumulativeCounts, int[] titleLengths, int[] textLengths) {
        this.seed = seed;
        this.words = words;
        this.cumulativeCounts = cumulativeCounts;
        this.titleLengths = titleLengths;
        this.textLengths = textLengths;
    }

    /** Learns the vocabulary, word frequencies and document lengths of these real documents. */
    public static SyntheticCorpus modelledOn(List<Document> templates, long seed) {
        if (templates.isEmpty()) {
            throw new IllegalArgumentException("a synthetic corpus needs at least one template document");
        }
        Map<String, Long> counts = new HashMap<>();
        int[] titleLengths = new int[templates.size()];
        int[] textLengths = new int[templates.size()];
        for (int i = 0; i < templates.size(); i++) {
            Document template = templates.get(i);
            List<String> title = words(template.title());
            List<String> text = words(template.text());
            titleLengths[i] = title.size();
            textLengths[i] = Math.max(1, text.size());
            title.forEach(word -> counts.merge(word, 1L, Long::sum));
            text.forEach(word -> counts.merge(word, 1L, Long::sum));
        }
        if (counts.isEmpty()) {
            throw new IllegalArgumentException("the template documents have no words");
        }
        // most frequent first, ties by the word itself: the same vocabulary order on every run
        List<Map.Entry<String, Long>> ranked = new ArrayList<>(counts.entrySet());
        ranked.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        String[] words = new String[ranked.size()];
        long[] cumulative = new long[ranked.size()];
        long total = 0;
        for (int i = 0; i < ranked.size(); i++) {
            words[i] = ranked.get(i).getKey();
            total += ranked.get(i).getValue();
            cumulative[i] = total;
        }
        return new SyntheticCorpus(seed, words, cumulative, titleLengths, textLengths);
    }

    /** Distinct words the documents are drawn from. */
    public int vocabularySize() {
        return words.length;
    }

    /** The real document synthetic document {@code i} is modelled on (an index into the templates). */
    public int template(long i) {
        return new SplittableRandom(documentSeed(i)).nextInt(textLengths.length);
    }

    /** Synthetic document {@code i}: id {@code syn-<i>}, title and text of random words, no metadata. */
    public Document document(long i) {
        SplittableRandom random = new SplittableRandom(documentSeed(i));
        int template = random.nextInt(textLengths.length);
        String title = titleLengths[template] == 0 ? null : sentence(random, titleLengths[template]);
        return new Document("syn-" + i, title, sentence(random, textLengths[template]), Map.of());
    }

    /** The first {@code size} synthetic documents, generated when read. */
    public List<Document> documents(int size) {
        return new View<>(size, this::document);
    }

    /**
     * The vectors of the first {@code size} synthetic documents for one model, generated when read from that
     * model's vectors of the template documents (same order as the templates).
     */
    public List<float[]> vectors(String model, List<float[]> templateVectors, double noise, int size) {
        if (templateVectors.size() != textLengths.length) {
            throw new IllegalArgumentException(model + ": " + templateVectors.size() + " template vectors for "
                    + textLengths.length + " templates");
        }
        long modelSeed = mix(model.hashCode());
        return new View<>(size, i -> perturbed(templateVectors.get(template(i)), noise,
                new SplittableRandom(documentSeed(i) ^ modelSeed)));
    }

    private long documentSeed(long i) {
        return mix(seed + 0x9E3779B97F4A7C15L * (i + 1));
    }

    private String sentence(SplittableRandom random, int length) {
        long total = cumulativeCounts[cumulativeCounts.length - 1];
        StringBuilder text = new StringBuilder(length * 8);
        for (int w = 0; w < length; w++) {
            int found = Arrays.binarySearch(cumulativeCounts, random.nextLong(total) + 1);
            if (w > 0) {
                text.append(' ');
            }
            text.append(words[found >= 0 ? found : -found - 1]);
        }
        return text.toString();
    }

    private static float[] perturbed(float[] source, double noise, SplittableRandom random) {
        double scale = noise / Math.sqrt(source.length);
        float[] vector = new float[source.length];
        double sum = 0;
        for (int d = 0; d < source.length; d++) {
            double value = source[d] + scale * random.nextGaussian();
            vector[d] = (float) value;
            sum += value * value;
        }
        float norm = (float) Math.sqrt(sum);
        for (int d = 0; d < vector.length; d++) {
            vector[d] /= norm;
        }
        return vector;
    }

    /** Lower-cased runs of letters and digits. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        if (text == null) {
            return words;
        }
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }

    /** SplitMix64's finaliser: spreads consecutive seeds over the whole range. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private interface Generator<T> {
        T at(int i);
    }

    /** A read-only list whose elements are generated on every read. */
    private static final class View<T> extends AbstractList<T> implements RandomAccess {

        private final int size;
        private final Generator<T> generator;

        View(int size, Generator<T> generator) {
            if (size < 0) {
                throw new IllegalArgumentException("size must not be negative");
            }
            this.size = size;
            this.generator = generator;
        }

        @Override
        public T get(int i) {
            if (i < 0 || i >= size) {
                throw new IndexOutOfBoundsException(i);
            }
            return generator.at(i);
        }

        @Override
        public int size() {
            return size;
        }
    }
}
