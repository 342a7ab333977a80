package io.thalamus.router.classification;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalDouble;

/** The router's task classifier. */
@ConfigMapping(prefix = "thalamus.classifier")
public interface ClassifierConfig {

    /** Whether requests without an explicit task are classified; when false the model is never loaded. */
    @WithDefault("true")
    boolean enabled();

    /**
     * Confidence (0..1) below which the classifier abstains; defaults to the threshold chosen at training on
     * held-out sources.
     */
    OptionalDouble confidenceThreshold();

    /** Encoder forward passes that may run at once (one ONNX Runtime thread each); defaults to the processors. */
    Optional<Integer> predictors();

    /** Where DJL unpacks its native libraries (unless DJL_CACHE_DIR is set). */
    @WithDefault("${thalamus.data-dir:${thalamus.build.dir:${java.io.tmpdir}}}/djl-cache")
    Path cacheDir();
}
