package io.thalamus.router.classification;

/**
 * How a request becomes a feature vector; stored with the weights, because the weights only make
 * sense for the features they were trained on.
 *
 * @param encoder         sentence encoder: {@code <classpath model name>/<pooling>}, empty for none
 * @param maxTokens       the encoder's input is truncated to this many tokens
 * @param hashBits        hashed sparse features live in {@code 2^hashBits} buckets
 * @param wordNgrams      longest word n-gram (1 = unigrams only)
 * @param charMin         shortest character n-gram inside a word (0 = no character n-grams)
 * @param charMax         longest character n-gram inside a word
 * @param embeddingScale  the unit-length sentence vector is multiplied by this
 * @param wordScale       the word n-gram group (unit length) is multiplied by this
 * @param charScale       the character n-gram group (unit length) is multiplied by this
 * @param shapeScale      the shape group (length, casing, punctuation; unit length) is multiplied by this
 * @param imageScale      value of the image-present feature
 * @param styleScale      the style group (query-like or prompt-like cues; unit length) is multiplied by this
 */
public record FeatureConfig(
        String encoder,
        int maxTokens,
        int hashBits,
        int wordNgrams,
        int charMin,
        int charMax,
        float embeddingScale,
        float wordScale,
        float charScale,
        float shapeScale,
        float imageScale,
        float styleScale) {

    public FeatureConfig {
        if (hashBits < 8 || hashBits > 24) {
            throw new IllegalArgumentException("hashBits must be within 8..24, was " + hashBits);
        }
        if (wordNgrams < 1 || wordNgrams > 4) {
            throw new IllegalArgumentException("wordNgrams must be within 1..4, was " + wordNgrams);
        }
        if (charMin < 0 || (charMin > 0 && charMax < charMin)) {
            throw new IllegalArgumentException("character n-gram range " + charMin + ".." + charMax + " is empty");
        }
    }

    public boolean usesEmbedding() {
        return encoder != null && !encoder.isEmpty() && embeddingScale > 0;
    }

    public int buckets() {
        return 1 << hashBits;
    }
}
