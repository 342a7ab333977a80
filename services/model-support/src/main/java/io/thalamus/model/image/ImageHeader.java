package io.thalamus.model.image;

/**
 * What an image's header says, read without decoding its pixels.
 *
 * @param orientation the EXIF orientation (1–8; 1 is upright), 1 when the image has none
 */
public record ImageHeader(ImageFormat format, int width, int height, int orientation) {

    public long pixels() {
        return (long) width * height;
    }

    /** Width once the orientation is applied (orientations 5–8 turn the image by a quarter). */
    public int uprightWidth() {
        return orientation >= 5 ? height : width;
    }

    public int uprightHeight() {
        return orientation >= 5 ? width : height;
    }
}
