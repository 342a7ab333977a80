package io.thalamus.retrieval.encoding;

import io.thalamus.model.EncoderOptions;
import io.thalamus.model.Pooling;
import io.thalamus.model.SentenceEncoder;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The embedding models retrieval knows how to run, each with the settings its authors evaluate it with: pooling,
 * sequence length and the query/passage prefixes of asymmetric models. Weights come from the
 * {@code dev.langchain4j:langchain4j-embeddings-<name>} jars on the classpath.
 */
public final class EncoderCatalog {

    public static final String MINILM = "all-minilm-l6-v2-q";
    public static final String BGE_SMALL = "bge-small-en-v1.5-q";
    /** Full-precision bge-small: a check of the int8 model's quality, not served (four times the size, slower). */
    public static final String BGE_SMALL_FP32 = "bge-small-en-v1.5";
    public static final String E5_SMALL = "e5-small-v2-q";

    /** How one model is run. */
    public record Spec(String name, Pooling pooling, int maxSequenceLength, String queryPrefix, String documentPrefix) {

        /** Options for this model; documents and queries go through single-text forward passes by default. */
        public EncoderOptions options(Path cacheDir, int predictors) {
            return new EncoderOptions(pooling, maxSequenceLength, 1, predictors, 1, cacheDir)
                    .withPrefixes(queryPrefix, documentPrefix);
        }
    }

    private static final String BGE_QUERY_INSTRUCTION = "Represent this sentence for searching relevant passages: ";

    private static final Map<String, Spec> SPECS = Map.of(
            // sentence-transformers' max_seq_length for this model is 256
            MINILM, new Spec(MINILM, Pooling.MEAN, 256, "", ""),
            BGE_SMALL, new Spec(BGE_SMALL, Pooling.CLS, 512, BGE_QUERY_INSTRUCTION, ""),
            BGE_SMALL_FP32, new Spec(BGE_SMALL_FP32, Pooling.CLS, 512, BGE_QUERY_INSTRUCTION, ""),
            E5_SMALL, new Spec(E5_SMALL, Pooling.MEAN, 512, "query: ", "passage: "));

    private EncoderCatalog() {
    }

    public static List<String> names() {
        return List.of(MINILM, BGE_SMALL, E5_SMALL);
    }

    public static Spec spec(String name) {
        Spec spec = SPECS.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("unknown encoder '" + name + "'; known: " + SPECS.keySet());
        }
        return spec;
    }

    public static SentenceEncoder load(String name, Path cacheDir, int predictors) {
        return SentenceEncoder.fromClasspath(name, spec(name).options(cacheDir, predictors));
    }
}
