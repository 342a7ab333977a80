package io.thalamus.vision.image;

import io.thalamus.model.image.ImageDecoder;
import io.thalamus.model.image.ImageLimits;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The image decoder every vision expert uses, with the configured limits. */
public class ImageDecoderProducer {

    @Produces
    @Singleton
    ImageDecoder imageDecoder(ImageConfig config) {
        return new ImageDecoder(new ImageLimits(config.maxBytes(), config.maxPixels(), config.maxSide(),
                config.formats()));
    }
}
