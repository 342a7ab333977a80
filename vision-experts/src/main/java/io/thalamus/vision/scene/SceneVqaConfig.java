package io.thalamus.vision.scene;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;

import java.nio.file.Path;
import java.util.Optional;

/** The scene VQA expert's model and limits ({@code thalamus.scene-vqa.*}). */
@ConfigMapping(prefix = "thalamus.scene-vqa")
public interface SceneVqaConfig {

    /** Classpath folder of the trained model ({@code scene-vqa.properties} and {@code scene-vqa.params}). */
    @WithDefault("scene-vqa")
    String modelResource();

    /** A folder with a trained model to serve instead of the bundled one (e.g. a fresh training run's output). */
    Optional<Path> modelDir();

    /**
     * PyTorch threads per forward pass, unless {@code ai.djl.pytorch.num_threads} is set. More than one thread
     * busy-waits and gets far slower when anything else uses the cores.
     */
    @WithDefault("1")
    @Min(1)
    int threads();

    /** Distinct question texts whose sentence vectors are kept. */
    @WithDefault("4096")
    @Min(1)
    int questionCacheSize();

    /** Answers listed in the output's distribution, most probable first. */
    @WithDefault("5")
    @Min(1)
    int distributionSize();
}
