package io.thalamus.vision.image;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.thalamus.model.image.ImageFormat;

import java.util.Set;

/**
 * What images the vision experts accept (checked by {@link io.thalamus.model.image.ImageDecoder} before decoding).
 * {@code thalamus.expert.limits.max-image-size} of the expert runtime also bounds the encoded size, earlier.
 */
@ConfigMapping(prefix = "thalamus.vision.image")
public interface ImageConfig {

    /** Largest encoded image, in bytes. */
    @WithDefault("8388608")
    long maxBytes();

    /** Largest width × height, read from the header before anything is decoded (decompression bombs). */
    @WithDefault("36000000")
    long maxPixels();

    /** Longest side in pixels, read from the header. */
    @WithDefault("16384")
    int maxSide();

    /** Formats accepted, recognised by content: any of png, jpeg, webp. */
    @WithDefault("png,jpeg,webp")
    Set<ImageFormat> formats();
}
