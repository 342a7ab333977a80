package io.thalamus.diffusion.judge;

import io.thalamus.diffusion.data.LayoutRenderer;
import io.thalamus.diffusion.data.PromptGenerator;
import io.thalamus.diffusion.data.PromptedImage;
import io.thalamus.scenes.SceneGenerator;
import io.thalamus.scenes.SceneRenderer;

import java.util.Random;

/**
 * Rendered layouts for training and checking the judge: example i of a series is always the same layout drawn
 * the same way, as RGB planes in [0, 1]. Optionally spoiled the way a generated image may be (pixel noise of
 * random strength, a slight blur, a small colour shift) without changing what it shows.
 */
public final class JudgeExamples {

    public static final int PIXELS = 3 * LayoutRenderer.IMAGE_SIZE * LayoutRenderer.IMAGE_SIZE;

    /** One example: the prompted layout and its image. */
    public record Example(PromptedImage prompted, float[] image) {
    }

    private final PromptGenerator prompts = new PromptGenerator();
    private final LayoutRenderer renderer = new LayoutRenderer();
    private final long seed;

    public JudgeExamples(long seed) {
        this.seed = seed;
    }

    /** Example {@code index} of this series, clean. */
    public Example example(long index) {
        PromptedImage prompted = prompts.prompted(seed, index);
        return new Example(prompted, render(prompted, index));
    }

    /** The image of another example's layout drawn in this series' way (for images of a different prompt). */
    public float[] render(PromptedImage prompted, long index) {
        Random random = SceneGenerator.random(seed ^ 0x3D6E_AB1EL, index);
        return SceneRenderer.rgbPlanes(renderer.render(prompted.layout(), random));
    }

    /** The image spoiled in place, each kind of damage applied or not at random; clean a fifth of the time. */
    public static void spoil(float[] image, Random random) {
        if (random.nextDouble() < 0.2) {
            return;
        }
        if (random.nextDouble() < 0.3) {
            blur(image, 0.6 * random.nextDouble());
        }
        if (random.nextDouble() < 0.5) {
            int plane = image.length / 3;
            for (int channel = 0; channel < 3; channel++) {
                double gain = 1 + 0.12 * (random.nextDouble() - 0.5);
                double offset = 0.08 * (random.nextDouble() - 0.5);
                for (int i = channel * plane; i < (channel + 1) * plane; i++) {
                    image[i] = (float) (image[i] * gain + offset);
                }
            }
        }
        if (random.nextDouble() < 0.7) {
            double sigma = 0.15 * random.nextDouble();
            for (int i = 0; i < image.length; i++) {
                image[i] += (float) (sigma * random.nextGaussian());
            }
        }
        for (int i = 0; i < image.length; i++) {
            image[i] = Math.max(0f, Math.min(1f, image[i]));
        }
    }

    /** Mixes each plane with its 3×3 binomial blur: (1 − strength)·image + strength·blurred. */
    static void blur(float[] image, double strength) {
        int size = LayoutRenderer.IMAGE_SIZE;
        int plane = size * size;
        float[] blurred = new float[image.length];
        int[] weights = {1, 2, 1};
        for (int channel = 0; channel < 3; channel++) {
            int base = channel * plane;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    double sum = 0;
                    double total = 0;
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            int yy = y + dy;
                            int xx = x + dx;
                            if (yy >= 0 && yy < size && xx >= 0 && xx < size) {
                                double w = weights[dy + 1] * weights[dx + 1];
                                sum += w * image[base + yy * size + xx];
                                total += w;
                            }
                        }
                    }
                    blurred[base + y * size + x] = (float) (sum / total);
                }
            }
        }
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) ((1 - strength) * image[i] + strength * blurred[i]);
        }
    }
}
