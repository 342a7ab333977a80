package io.thalamus.diffusion.data;

import io.thalamus.scenes.ObjectShape;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * Draws layouts on a white square without anti-aliasing, so every pixel is background or exactly a colour of the
 * layout. Shapes sit at the centre of their grid cell, moved by up to one pixel; characters are drawn at twice the
 * font's size in the middle, moved by up to two pixels. The offsets come from the random source, so the same
 * layout gives slightly different images.
 */
public final class LayoutRenderer {

    public static final int IMAGE_SIZE = 32;

    private static final int CHARACTER_SCALE = 2;
    private static final int CHARACTER_GAP = 2;

    public BufferedImage render(Layout layout, Random random) {
        BufferedImage image = new BufferedImage(IMAGE_SIZE, IMAGE_SIZE, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
            graphics.setColor(Color.WHITE);
            graphics.fillRect(0, 0, IMAGE_SIZE, IMAGE_SIZE);
            if (layout instanceof ShapeLayout shapes) {
                drawShapes(graphics, shapes, random);
            } else if (layout instanceof TextLayout text) {
                drawText(graphics, text, random);
            }
        } finally {
            graphics.dispose();
        }
        return image;
    }

    /** The centre pixel of a grid cell along one axis (5, 16 or 27 in a 32-pixel image). */
    public static int cellCentre(int index) {
        return (int) Math.round((2 * index + 1) * IMAGE_SIZE / 6.0);
    }

    private static void drawShapes(Graphics2D graphics, ShapeLayout layout, Random random) {
        for (PlacedShape shape : layout.shapes()) {
            int side = shape.size().pixels();
            int left = cellCentre(shape.column()) - side / 2 + random.nextInt(3) - 1;
            int top = cellCentre(shape.row()) - side / 2 + random.nextInt(3) - 1;
            graphics.setColor(shape.colour().rgb());
            if (shape.shape() == ObjectShape.SQUARE) {
                graphics.fillRect(left, top, side, side);
            } else {
                fillDisc(graphics, left, top, side);
            }
        }
    }

    /**
     * A disc of odd diameter {@code side}: the pixels whose centre lies within side/2 of the middle pixel's centre
     * (java.awt's ovals are lopsided at these sizes).
     */
    private static void fillDisc(Graphics2D graphics, int left, int top, int side) {
        double radius = side / 2.0;
        int middle = side / 2;
        for (int y = 0; y < side; y++) {
            int dy = y - middle;
            int half = (int) Math.floor(Math.sqrt(radius * radius - dy * dy));
            graphics.fillRect(left + middle - half, top + y, 2 * half + 1, 1);
        }
    }

    private static void drawText(Graphics2D graphics, TextLayout layout, Random random) {
        String text = layout.text();
        int glyphWidth = BitmapFont.WIDTH * CHARACTER_SCALE;
        int width = text.length() * glyphWidth + (text.length() - 1) * CHARACTER_GAP;
        int height = BitmapFont.HEIGHT * CHARACTER_SCALE;
        int left = (IMAGE_SIZE - width) / 2 + random.nextInt(5) - 2;
        int top = (IMAGE_SIZE - height) / 2 + random.nextInt(5) - 2;
        graphics.setColor(layout.colour().rgb());
        for (int i = 0; i < text.length(); i++) {
            int x0 = left + i * (glyphWidth + CHARACTER_GAP);
            for (int y = 0; y < BitmapFont.HEIGHT; y++) {
                for (int x = 0; x < BitmapFont.WIDTH; x++) {
                    if (BitmapFont.ink(text.charAt(i), x, y)) {
                        graphics.fillRect(x0 + x * CHARACTER_SCALE, top + y * CHARACTER_SCALE, CHARACTER_SCALE,
                                CHARACTER_SCALE);
                    }
                }
            }
        }
    }
}
