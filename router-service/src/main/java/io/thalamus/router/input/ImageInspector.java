package io.thalamus.router.input;

import io.thalamus.api.problem.FieldError;
import io.thalamus.api.task.ImageInput;
import io.thalamus.router.task.TaskLimits;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks an image against the limits: its size, its format judged by content (the declared media type must
 * agree), whether that format is accepted, and its pixel count read from the header.
 */
@ApplicationScoped
public class ImageInspector {

    private final TaskLimits limits;
    private final Set<ImageFormat> accepted;

    public ImageInspector(TaskLimits limits) {
        this.limits = limits;
        this.accepted = acceptedFormats(limits.imageMediaTypes());
    }

    /** Every problem with the image, with field names under {@code field} (e.g. {@code input.image}). */
    public List<FieldError> inspect(ImageInput image, String field) {
        List<FieldError> errors = new ArrayList<>();
        String bytesField = field + ".base64";
        if (image.size() == 0) {
            errors.add(new FieldError(bytesField, "is empty: send the image bytes, base64-encoded"));
            return errors;
        }
        if (image.size() > limits.maxImageBytes()) {
            errors.add(new FieldError(bytesField, "has " + image.size() + " bytes, the limit is " + limits.maxImageBytes()));
            return errors;
        }
        Optional<ImageFormat> detected = ImageFormat.detect(image.data());
        if (detected.isEmpty()) {
            errors.add(new FieldError(bytesField, "is not a PNG, JPEG, WebP or GIF image (judged by its content)"));
            return errors;
        }
        ImageFormat format = detected.get();
        String declared = image.mediaType();
        if (declared == null || declared.isBlank()) {
            errors.add(new FieldError(field + ".mediaType", "is required (the content is " + format.mediaType() + ")"));
        } else if (ImageFormat.ofMediaType(declared).orElse(null) != format) {
            errors.add(new FieldError(field + ".mediaType", "declares " + declared + " but the content is "
                    + format.mediaType()));
        }
        if (!accepted.contains(format)) {
            errors.add(new FieldError(bytesField, "is " + format.mediaType() + ", which is not accepted here; accepted: "
                    + limits.imageMediaTypes()));
            return errors;
        }
        try {
            ImageDimensions dimensions = ImageDimensions.read(format, image.data());
            if (dimensions.pixels() > limits.maxImagePixels()) {
                errors.add(new FieldError(bytesField, "is " + dimensions.width() + "×" + dimensions.height() + " = "
                        + dimensions.pixels() + " pixels, the limit is " + limits.maxImagePixels()));
            }
        } catch (IOException e) {
            errors.add(new FieldError(bytesField, "is not a readable " + format.mediaType() + " image: " + e.getMessage()));
        }
        return errors;
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
