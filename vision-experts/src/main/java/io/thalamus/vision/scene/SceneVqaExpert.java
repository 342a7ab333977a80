package io.thalamus.vision.scene;

import io.smallrye.common.annotation.Identifier;
import io.thalamus.api.invoke.InvokeRequest;
import io.thalamus.api.problem.FieldError;
import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.expert.spi.Expert;
import io.thalamus.model.SentenceEncoder;
import io.thalamus.model.image.ImageDecoder;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Answers questions about Sort-of-CLEVR-like scenes (coloured squares and circles): the question's MiniLM vector
 * and the image's pixels go through the trained scene network, one forward pass per batch. The output carries the
 * answer, its probability and the most probable answers.
 *
 * <p>A singleton (no client proxy), so that selecting it at startup loads the model then, not on the first
 * request.
 */
@Singleton
@Identifier(SceneVqaExpert.ID)
public class SceneVqaExpert implements Expert {

    /** The value of {@code thalamus.vision.expert} that serves this expert. */
    public static final String ID = "scene";

    private static final Logger LOG = Logger.getLogger(SceneVqaExpert.class);

    private final SceneVqaModel model;
    private final QuestionVectors vectors;
    private final SceneImages images;
    private final int distributionSize;

    public SceneVqaExpert(SceneVqaConfig config, SentenceEncoder encoder, ImageDecoder decoder) {
        long start = System.nanoTime();
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(config.threads()));
        }
        this.model = config.modelDir().map(SceneVqaModel::fromDirectory)
                .orElseGet(() -> SceneVqaModel.fromClasspath(config.modelResource()));
        if (!model.encoder().equals(encoder.name())) {
            String trainedWith = model.encoder();
            model.close();
            throw new IllegalStateException("the scene VQA model was trained on question vectors of '" + trainedWith
                    + "' but the configured encoder is '" + encoder.name() + "' (thalamus.encoder.model)");
        }
        this.vectors = new QuestionVectors(encoder, config.questionCacheSize());
        this.images = new SceneImages(decoder);
        this.distributionSize = Math.min(config.distributionSize(), model.answers().size());
        LOG.infof("Loaded the scene VQA model (%d answers, %d×%d images) in %d ms", model.answers().size(),
                model.architecture().imageSize(), model.architecture().imageSize(),
                (System.nanoTime() - start) / 1_000_000);
    }

    public SceneVqaModel model() {
        return model;
    }

    public QuestionVectors questionVectors() {
        return vectors;
    }

    @Override
    public Object invoke(InvokeRequest request) {
        return invokeBatch(List.of(request)).get(0);
    }

    /** Checks and prepares every request, then answers them all in one forward pass. */
    @Override
    public List<Object> invokeBatch(List<InvokeRequest> requests) {
        int size = model.architecture().imageSize();
        List<float[]> pixels = new ArrayList<>(requests.size());
        List<float[]> questions = new ArrayList<>(requests.size());
        for (InvokeRequest request : requests) {
            if (request.input() == null || !request.input().hasText()) {
                throw new ProblemException(Problem.invalid("A scene question needs text",
                        List.of(new FieldError("input.text", "is required: the question about the image"))));
            }
            pixels.add(images.pixels(request.input().image(), size));
            questions.add(vectors.vector(request.input().text().strip()));
        }
        float[][] probabilities = model.predict(pixels, questions);
        List<Object> outputs = new ArrayList<>(requests.size());
        for (float[] row : probabilities) {
            outputs.add(output(row));
        }
        return outputs;
    }

    private SceneVqaOutput output(float[] probabilities) {
        List<SceneVqaOutput.Candidate> candidates = new ArrayList<>(probabilities.length);
        for (int i = 0; i < probabilities.length; i++) {
            candidates.add(new SceneVqaOutput.Candidate(model.answers().get(i), probabilities[i]));
        }
        candidates.sort(Comparator.comparingDouble(SceneVqaOutput.Candidate::probability).reversed());
        SceneVqaOutput.Candidate best = candidates.get(0);
        return new SceneVqaOutput(best.answer(), best.probability(), List.copyOf(candidates.subList(0, distributionSize)));
    }

    @PreDestroy
    void close() {
        model.close();
    }
}
