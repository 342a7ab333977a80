package io.thalamus.model.image;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What an image may be: its size in encoded bytes, its pixel count and longest side (both read from the header
 * before anything is decoded), and the formats accepted.
 */
public record ImageLimits(long maxBytes, long maxPixels, int maxSide, Set<ImageFormat> formats) {

    public static final long DEFAULT_MAX_BYTES = 8L * 1024 * 1024;
    public static final long DEFAULT_MAX_PIXELS = 36_000_000L;
    public static final int DEFAULT_MAX_SIDE = 16_384;

    public ImageLimits {
        if (maxBytes <= 0 || maxPixels <= 0 || maxSide <= 0) {
            throw new IllegalArgumentException("image limits must be positive: bytes " + maxBytes + ", pixels "
                    + maxPixels + ", side " + maxSide);
        }
        Objects.requireNonNull(formats, "formats");
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("at least one image format must be accepted");
        }
        formats = Set.copyOf(formats);
    }

    /** PNG, JPEG and WebP within the default limits (8 MiB, 36 megapixels, 16,384 pixels a side). */
    public static ImageLimits defaults() {
        return new ImageLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS, DEFAULT_MAX_SIDE,
                EnumSet.of(ImageFormat.PNG, ImageFormat.JPEG, ImageFormat.WEBP));
    }

    public ImageLimits withMaxBytes(long bytes) {
        return new ImageLimits(bytes, maxPixels, maxSide, formats);
    }

    public ImageLimits withMaxPixels(long pixels) {
        return new ImageLimits(maxBytes, pixels, maxSide, formats);
    }

    public ImageLimits withMaxSide(int side) {
        return new ImageLimits(maxBytes, maxPixels, side, formats);
    }
}
