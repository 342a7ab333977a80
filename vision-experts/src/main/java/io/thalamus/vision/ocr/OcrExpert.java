package io.thalamus.vision.ocr;

import io.smallrye.common.annotation.Identifier;
import io.thalamus.api.invoke.InvokeRequest;
import io.thalamus.api.problem.FieldError;
import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.expert.spi.Expert;
import io.thalamus.model.image.DecodedImage;
import io.thalamus.model.image.ImageDecoder;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers reading questions about an image ("what does the sign say?") with the text in it: PP-OCRv4 detection and
 * recognition through DJL's ONNX Runtime engine. The answer is the recognised text, lines in reading order; the
 * question only selects this expert (the router's job) and does not change what is read. A batch of requests is
 * detected image by image and all their lines are recognised together.
 *
 * <p>Served when {@code thalamus.vision.expert=ocr} (the {@code ocr} profile); only then are its models loaded, at
 * startup (a singleton has no client proxy, so selecting it creates it, before the expert reports ready).
 */
@Singleton
@Identifier(OcrExpert.ID)
public class OcrExpert implements Expert {

    /** The value of {@code thalamus.vision.expert} that serves this expert. */
    public static final String ID = "ocr";

    private final ImageDecoder images;
    private final OcrEngine engine;

    public OcrExpert(ImageDecoder images, OcrConfig config) {
        this.images = images;
        this.engine = new OcrEngine(config.settings());
    }

    @Override
    public Object invoke(InvokeRequest request) {
        return invokeBatch(List.of(request)).get(0);
    }

    @Override
    public List<Object> invokeBatch(List<InvokeRequest> requests) {
        // every image is checked and decoded before any model runs: a bad one fails fast (the runtime then
        // retries the others one by one)
        List<BufferedImage> decoded = new ArrayList<>(requests.size());
        for (InvokeRequest request : requests) {
            decoded.add(imageOf(request).image());
        }
        return new ArrayList<>(engine.readAll(decoded));
    }

    @PreDestroy
    void close() {
        engine.close();
    }

    private DecodedImage imageOf(InvokeRequest request) {
        if (request.input() == null || request.input().image() == null || request.input().image().size() == 0) {
            throw new ProblemException(Problem.invalid("Reading text needs an image",
                    List.of(new FieldError("input.image", "is required: this expert reads the text in an image"))));
        }
        return images.decode(request.input().image(), ImageDecoder.DEFAULT_FIELD);
    }
}
