package io.thalamus.diffusion.data;

/** How big a shape is drawn: its width and height in pixels (odd, so that discs are symmetric). */
public enum ShapeSize {
    SMALL(5),
    LARGE(9);

    private final int pixels;

    ShapeSize(int pixels) {
        this.pixels = pixels;
    }

    public int pixels() {
        return pixels;
    }
}
