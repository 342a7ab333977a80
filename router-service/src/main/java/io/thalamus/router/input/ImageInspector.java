package io.thalamus.router.input;

import io.thalamus.api.problem.FieldError;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.task.ImageInput;
import io.thalamus.model.image.ImageDecoder;
import io.thalamus.model.image.ImageFormat;
import io.thalamus.model.image.ImageLimits;
import io.thalamus.router.task.TaskLimits;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks an image against the limits with the shared {@link ImageDecoder} (the experts decode with the same one):
 * its size, its format judged by content (the declared media type must agree), whether that format is accepted,
 * and its pixel count read from the header, without decoding the pixels.
 */
@ApplicationScoped
public class ImageInspector {

    private final ImageDecoder decoder;

    public ImageInspector(TaskLimits limits) {
        this.decoder = new ImageDecoder(new ImageLimits(limits.maxImageBytes(), limits.maxImagePixels(),
                Integer.MAX_VALUE, acceptedFormats(limits.imageMediaTypes())));
    }

    /** The problems with the image (at most one), with field names under {@code field} (e.g. {@code input.image}). */
    public List<FieldError> inspect(ImageInput image, String field) {
        if (image.size() > 0 && (image.mediaType() == null || image.mediaType().isBlank())) {
            Optional<ImageFormat> detected = ImageFormat.detect(image.data());
            if (detected.isPresent()) {
                return List.of(new FieldError(field + ".mediaType", "is required (the content is "
                        + detected.get().mediaType() + ")"));
            }
        }
        try {
            decoder.inspect(image.data(), image.mediaType(), field);
            return List.of();
        } catch (ProblemException e) {
            return e.problem().errors();
        }
    }

    private static Set<ImageFormat> acceptedFormats(List<String> mediaTypes) {
        Set<ImageFormat> formats = EnumSet.noneOf(ImageFormat.class);
        for (String mediaType : mediaTypes) {
            formats.add(ImageFormat.ofMediaType(mediaType).orElseThrow(() -> new IllegalStateException(
                    "thalamus.router.limits.image-media-types: '" + mediaType
                            + "' is not one of image/png, image/jpeg, image/webp, image/gif")));
        }
        return formats;
    }
}
