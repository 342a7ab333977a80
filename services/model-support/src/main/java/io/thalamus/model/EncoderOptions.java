package io.thalamus.model;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How a {@link SentenceEncoder} runs its model.
 *
 * @param pooling           how token vectors become a sentence vector
 * @param maxSequenceLength tokens per text, special tokens included; longer texts are truncated
 * @param maxBatchSize      texts per forward pass; longer lists are embedded in several passes
 * @param predictors        forward passes that may run at the same time (one predictor each)
 * @param intraOpThreads    ONNX Runtime threads per forward pass
 * @param cacheDir          DJL's cache (native libraries); used only if DJL_CACHE_DIR is not already set
 * @param queryPrefix       prepended to queries by {@link SentenceEncoder#embedQuery} (e5's "query: ", bge's
 *                          search instruction); empty for symmetric models
 * @param documentPrefix    prepended to documents by {@link SentenceEncoder#embedDocuments} (e5's "passage: ")
 */
public record EncoderOptions(Pooling pooling, int maxSequenceLength, int maxBatchSize, int predictors,
                             int intraOpThreads, Path cacheDir, String queryPrefix, String documentPrefix) {

    public EncoderOptions {
        Objects.requireNonNull(pooling, "pooling");
        Objects.requireNonNull(cacheDir, "cacheDir");
        queryPrefix = queryPrefix == null ? "" : queryPrefix;
        documentPrefix = documentPrefix == null ? "" : documentPrefix;
        if (maxSequenceLength < 2 || maxBatchSize < 1 || predictors < 1 || intraOpThreads < 1) {
            throw new IllegalArgumentException("maxSequenceLength must be at least 2, maxBatchSize, predictors and "
                    + "intraOpThreads at least 1");
        }
    }

    /** Options without query or document prefixes. */
    public EncoderOptions(Pooling pooling, int maxSequenceLength, int maxBatchSize, int predictors, int intraOpThreads,
                          Path cacheDir) {
        this(pooling, maxSequenceLength, maxBatchSize, predictors, intraOpThreads, cacheDir, "", "");
    }

    /** Mean pooling, 256 tokens, batches of 32, one predictor per core, one thread each. */
    public static EncoderOptions defaults(Path cacheDir) {
        return new EncoderOptions(Pooling.MEAN, 256, 32, Runtime.getRuntime().availableProcessors(), 1, cacheDir);
    }

    public EncoderOptions withPooling(Pooling newPooling) {
        return new EncoderOptions(newPooling, maxSequenceLength, maxBatchSize, predictors, intraOpThreads, cacheDir,
                queryPrefix, documentPrefix);
    }

    public EncoderOptions withMaxSequenceLength(int length) {
        return new EncoderOptions(pooling, length, maxBatchSize, predictors, intraOpThreads, cacheDir,
                queryPrefix, documentPrefix);
    }

    public EncoderOptions withMaxBatchSize(int size) {
        return new EncoderOptions(pooling, maxSequenceLength, size, predictors, intraOpThreads, cacheDir,
                queryPrefix, documentPrefix);
    }

    public EncoderOptions withPredictors(int count) {
        return new EncoderOptions(pooling, maxSequenceLength, maxBatchSize, count, intraOpThreads, cacheDir,
                queryPrefix, documentPrefix);
    }

    /** Prefixes for asymmetric retrieval models: one for queries, one for the documents they search. */
    public EncoderOptions withPrefixes(String query, String document) {
        return new EncoderOptions(pooling, maxSequenceLength, maxBatchSize, predictors, intraOpThreads, cacheDir,
                query, document);
    }
}
