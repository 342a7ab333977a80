package io.thalamus.expert.model;

import io.thalamus.model.EncoderOptions;
import io.thalamus.model.Pooling;
import io.thalamus.model.SentenceEncoder;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;

import java.nio.file.Path;
import java.util.Optional;

/** The sentence encoder an application injects as {@link SentenceEncoder}. */
@ConfigMapping(prefix = "thalamus.encoder")
public interface EncoderConfig {

    /** Base name of the classpath resources {@code <model>.onnx} and {@code <model>-tokenizer.json}. */
    @WithDefault("all-minilm-l6-v2-q")
    String model();

    @WithDefault("mean")
    Pooling pooling();

    @WithDefault("256")
    @Min(2)
    int maxSequenceLength();

    @WithDefault("32")
    @Min(1)
    int maxBatchSize();

    /** Forward passes that may run at once; defaults to the number of processors. */
    Optional<@Min(1) Integer> predictors();

    @WithDefault("1")
    @Min(1)
    int intraOpThreads();

    /**
     * Where DJL unpacks its native libraries (unless DJL_CACHE_DIR is set): {@code thalamus.data-dir}, else the
     * build directory in tests, else the temporary directory.
     */
    @WithDefault("${thalamus.data-dir:${thalamus.build.dir:${java.io.tmpdir}}}/djl-cache")
    Path cacheDir();
}
