package io.thalamus.diffusion.training;

import io.thalamus.diffusion.data.PromptGenerator;
import io.thalamus.diffusion.data.PromptedImage;
import io.thalamus.diffusion.model.DdimSampler;
import io.thalamus.diffusion.model.DiffusionModel;
import io.thalamus.diffusion.model.NoiseSchedule;
import io.thalamus.diffusion.model.PromptEncoder;
import io.thalamus.model.CommandOptions;
import io.thalamus.model.DjlEnvironment;
import io.thalamus.model.EncoderOptions;
import io.thalamus.model.SentenceEncoder;
import io.thalamus.model.SentenceEncoder.TokenStates;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A sheet of samples for a person to look at while training runs: the top row is generated from eight fixed
 * prompts, the row below is what those prompts describe; the prompts are printed to the log.
 */
public final class SampleSheet {

    private static final int COUNT = 8;
    private static final long PROMPT_SEED = 99;

    private SampleSheet() {
    }

    /** Options: model (folder), out (PNG file), steps (sampler steps), guidance. */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        CommandOptions options = CommandOptions.of(args);
        Path cache = Path.of("target/djl-cache");
        DjlEnvironment.prepare(cache);
        try (SentenceEncoder encoder = SentenceEncoder.fromClasspath(PromptEncoder.ENCODER,
                EncoderOptions.defaults(cache).withPredictors(1));
             DiffusionModel model = DiffusionModel.fromDirectory(Path.of(options.text("model",
                     "src/main/resources/diffusion/base")))) {
            write(model, new PromptEncoder(encoder, 64), new NoiseSchedule(), Path.of(options.text("out",
                    "target/samples.png")), options.integer("steps", 25), (float) options.decimal("guidance", 3));
        }
    }

    static void write(DiffusionModel model, PromptEncoder prompts, NoiseSchedule schedule, Path file) {
        write(model, prompts, schedule, file, 25, 3f);
    }

    static void write(DiffusionModel model, PromptEncoder prompts, NoiseSchedule schedule, Path file, int steps,
                      float guidance) {
        PromptGenerator generator = new PromptGenerator();
        List<TokenStates> states = new ArrayList<>();
        List<PromptedImage> shown = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            PromptedImage example = generator.prompted(PROMPT_SEED, i);
            shown.add(example);
            states.add(prompts.encode(example.prompt()));
        }
        float[] generated = new DdimSampler(schedule, steps, guidance).sample(model.net(), states,
                prompts.encode(PromptEncoder.UNCONDITIONAL), null, new long[] {1, 2, 3, 4, 5, 6, 7, 8},
                model.model().getNDManager());
        TrainingExamples truth = new TrainingExamples(PROMPT_SEED, 0);
        int size = model.net().architecture().imageSize();
        BufferedImage sheet = new BufferedImage(COUNT * (size + 2), 2 * (size + 2), BufferedImage.TYPE_INT_RGB);
        float[] reference = truth.batch(0, COUNT).images();
        for (int i = 0; i < COUNT; i++) {
            paint(sheet, generated, i, i * (size + 2), 0, size, false);
            paint(sheet, reference, i, i * (size + 2), size + 2, size, true);
            BaseTraining.log("sample %d: %s", i, shown.get(i).prompt());
        }
        try {
            ImageIO.write(sheet, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void paint(BufferedImage sheet, float[] planes, int index, int left, int top, int size,
                              boolean signed) {
        int plane = size * size;
        int offset = index * 3 * plane;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int rgb = 0;
                for (int c = 0; c < 3; c++) {
                    float v = planes[offset + c * plane + y * size + x];
                    v = signed ? (v + 1) / 2 : v;
                    rgb = (rgb << 8) | Math.max(0, Math.min(255, Math.round(v * 255)));
                }
                sheet.setRGB(left + x, top + y, rgb);
            }
        }
    }
}
