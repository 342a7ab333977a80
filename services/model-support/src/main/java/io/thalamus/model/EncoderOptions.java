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
 */
public record EncoderOptions(Pooling pooling, int maxSequenceLength, int maxBatchSize, int predictors,
                             int intraOpThreads, Path cacheDir) {

    public EncoderOptions {
        Objects.requireNonNull(pooling, "pooling");
        Objects.requireNonNull(cacheDir, "cacheDir");
        if (maxSequenceLength < 2 || maxBatchSize < 1 || predictors < 1 || intraOpThreads < 1) {
            throw new IllegalArgumentException("maxSequenceLength must be at least 2, maxBatchSize, predictors and "
                    + "intraOpThreads at least 1");
        }
    }

    /** Mean pooling, 256 tokens, batches of 32, one predictor per core, one thread each. */
    public static EncoderOptions defaults(Path cacheDir) {
        return new EncoderOptions(Pooling.MEAN, 256, 32, Runtime.getRuntime().availableProcessors(), 1, cacheDir);
    }

    public EncoderOptions withPooling(Pooling newPooling) {
        return new EncoderOptions(newPooling, maxSequenceLength, maxBatchSize, predictors, intraOpThreads, cacheDir);
    }

    public EncoderOptions withMaxSequenceLength(int length) {
        return new EncoderOptions(pooling, length, maxBatchSize, predictors, intraOpThreads, cacheDir);
    }
}
