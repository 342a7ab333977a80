package io.thalamus.diffusion.serving.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import java.nio.file.Path;
import java.util.Optional;

/** The text-to-image expert's models, sampler and limits ({@code thalamus.diffusion.*}). */
@ConfigMapping(prefix = "thalamus.diffusion")
public interface DiffusionConfig {

    /**
     * Share of the full model's MACs the served code set was trained for: 0.65 serves {@code aptp-65} (its router
     * and codes). Switchable at runtime among the code sets present ({@code /v1/admin/diffusion/budget}).
     */
    @WithDefault("0.65")
    @DecimalMin("0.01")
    @DecimalMax("1.0")
    double budget();

    /** Classpath folder holding {@code base/} (the full UNet) and one {@code aptp-<percent>/} per code set. */
    @WithDefault("diffusion")
    String modelResource();

    /**
     * A folder of the same layout whose models are served instead of the bundled ones (e.g. a fresh training run's
     * output); what it lacks comes from the classpath.
     */
    Optional<Path> modelDir();

    /**
     * PyTorch threads per forward pass, unless {@code ai.djl.pytorch.num_threads} is set. More than one thread
     * busy-waits and gets far slower when anything else uses the cores.
     */
    @WithDefault("1")
    @Min(1)
    int threads();

    /** Sampler steps when a request names none ({@code params.steps}). */
    @WithDefault("25")
    @Min(1)
    int steps();

    /** Most sampler steps a request may ask for. */
    @WithDefault("100")
    @Min(1)
    @Max(1000)
    int maxSteps();

    /** Classifier-free guidance weight when a request names none ({@code params.guidance}). */
    @WithDefault("3")
    double guidance();

    /** Largest guidance weight a request may ask for. */
    @WithDefault("20")
    double maxGuidance();

    /** Longest prompt, in characters (Unicode code points); longer prompts are refused with a 400 problem. */
    @WithDefault("200")
    @Min(1)
    int maxPromptChars();

    /** Most images one request may ask for ({@code params.n}). */
    @WithDefault("4")
    @Min(1)
    int maxImages();

    /** Largest nearest-neighbour enlargement of the generated images a request may ask for ({@code params.upscale}). */
    @WithDefault("8")
    @Min(1)
    int maxUpscale();

    /**
     * Credits one image costs on the full network; an image costs this times its code's MACs ratio (the usage the
     * router bills).
     */
    @WithDefault("0.02")
    @DecimalMin("0")
    double creditsPerImage();

    /** Distinct prompt texts whose token vectors and codes are kept. */
    @WithDefault("4096")
    @Min(1)
    int promptCacheSize();
}
