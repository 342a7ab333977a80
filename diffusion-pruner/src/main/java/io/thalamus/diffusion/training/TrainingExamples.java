package io.thalamus.diffusion.training;

import io.thalamus.diffusion.data.LayoutRenderer;
import io.thalamus.diffusion.data.PromptGenerator;
import io.thalamus.diffusion.data.PromptedImage;
import io.thalamus.scenes.SceneGenerator;
import io.thalamus.scenes.SceneRenderer;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Batches of generated (prompt, image) pairs: example i of a series is always the same prompt and the same image,
 * so a resumed run continues the same data stream. Images are scaled to [−1, 1].
 */
public final class TrainingExamples {

    /** A batch: the prompts (some replaced by the unconditional prompt) and their images, [B, 3, S, S]. */
    public record Batch(List<String> prompts, List<PromptedImage> examples, float[] images) {
    }

    private final PromptGenerator prompts = new PromptGenerator();
    private final LayoutRenderer renderer = new LayoutRenderer();
    private final long seed;
    private final double dropPrompt;

    /** @param dropPrompt share of prompts replaced by the empty prompt (to learn the unconditional prediction) */
    public TrainingExamples(long seed, double dropPrompt) {
        this.seed = seed;
        this.dropPrompt = dropPrompt;
    }

    /** The prompt of example {@code index}, without rendering its image. */
    public String prompt(long index) {
        return prompts.prompted(seed, index).prompt();
    }

    public Batch batch(long first, int size) {
        int pixels = 3 * LayoutRenderer.IMAGE_SIZE * LayoutRenderer.IMAGE_SIZE;
        float[] images = new float[size * pixels];
        List<String> texts = new ArrayList<>(size);
        List<PromptedImage> examples = new ArrayList<>(size);
        for (int b = 0; b < size; b++) {
            long index = first + b;
            PromptedImage example = prompts.prompted(seed, index);
            Random random = SceneGenerator.random(seed ^ 0x5EED_1A6EL, index);
            float[] planes = SceneRenderer.rgbPlanes(renderer.render(example.layout(), random));
            for (int i = 0; i < pixels; i++) {
                images[b * pixels + i] = planes[i] * 2 - 1;
            }
            examples.add(example);
            texts.add(random.nextDouble() < dropPrompt ? "" : example.prompt());
        }
        return new Batch(texts, examples, images);
    }
}
