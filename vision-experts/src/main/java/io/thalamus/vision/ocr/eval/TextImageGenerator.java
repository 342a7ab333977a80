package io.thalamus.vision.ocr.eval;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded images of rendered text for OCR evaluation: one to three words (English words, capitalised or upper case,
 * and numbers), in one of several fonts and styles, 16–44 pixels high, turned by up to ±{@code maxRotation}
 * degrees, on a plain, gradient or textured background (light on dark for some), with Gaussian pixel noise.
 */
public final class TextImageGenerator {

    private static final String[] FONTS = {"DejaVu Sans", "DejaVu Serif", "DejaVu Sans Mono", "DejaVu Sans Condensed",
            "SansSerif", "Serif"};
    private static final String[] WORDS = {
            "open", "closed", "exit", "entrance", "parking", "station", "market", "coffee", "bakery", "pharmacy",
            "street", "avenue", "north", "south", "east", "west", "office", "hotel", "garden", "river", "bridge",
            "museum", "library", "school", "hospital", "airport", "platform", "ticket", "sale", "price", "fresh",
            "bread", "milk", "water", "danger", "caution", "slow", "stop", "keep", "clear", "private", "welcome",
            "thank", "you", "floor", "room", "level", "gate", "north", "service", "delivery", "express", "route",
            "central", "harbour", "valley", "mountain", "lake", "forest", "city", "hall", "bank", "post", "news",
            "pizza", "kitchen", "menu", "lunch", "dinner", "daily", "special", "organic", "apple", "orange", "lemon",
            "green", "yellow", "purple", "silver", "golden", "quiet", "please", "push", "pull", "no", "entry"};

    private final Random random;
    private final double maxRotation;

    public TextImageGenerator(long seed, double maxRotationDegrees) {
        this.random = new Random(seed);
        this.maxRotation = maxRotationDegrees;
    }

    /** The next sample: the text and its image. */
    public Sample next() {
        String text = text();
        String fontName = FONTS[random.nextInt(FONTS.length)];
        int style = switch (random.nextInt(4)) {
            case 0 -> Font.BOLD;
            case 1 -> Font.ITALIC;
            default -> Font.PLAIN;
        };
        int size = 16 + random.nextInt(29);
        double angle = Math.toRadians((random.nextDouble() * 2 - 1) * maxRotation);
        boolean inverse = random.nextInt(5) == 0;
        return new Sample(text, render(text, new Font(fontName, style, size), angle, inverse),
                fontName + (style == Font.BOLD ? " bold" : style == Font.ITALIC ? " italic" : ""), size,
                Math.toDegrees(angle));
    }

    public List<Sample> samples(int count) {
        List<Sample> samples = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            samples.add(next());
        }
        return samples;
    }

    /** Renders the text on a plain light background, upright and without noise (for tests and examples). */
    public static BufferedImage plain(String text, String fontName, int size) {
        return new TextImageGenerator(0, 0).render(text, new Font(fontName, Font.BOLD, size), 0, false, false);
    }

    private String text() {
        int words = 1 + random.nextInt(3);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < words; i++) {
            String word;
            if (random.nextInt(5) == 0) {
                word = Integer.toString(random.nextInt(random.nextBoolean() ? 100 : 10_000));
            } else {
                word = WORDS[random.nextInt(WORDS.length)];
                word = switch (random.nextInt(3)) {
                    case 0 -> word.toUpperCase(java.util.Locale.ROOT);
                    case 1 -> Character.toUpperCase(word.charAt(0)) + word.substring(1);
                    default -> word;
                };
            }
            text.append(i == 0 ? "" : " ").append(word);
        }
        return text.toString();
    }

    private BufferedImage render(String text, Font font, double angle, boolean inverse) {
        return render(text, font, angle, inverse, true);
    }

    private BufferedImage render(String text, Font font, double angle, boolean inverse, boolean varied) {
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        FontMetrics metrics = pg.getFontMetrics(font);
        int textW = metrics.stringWidth(text);
        int textH = metrics.getAscent() + metrics.getDescent();
        pg.dispose();
        int marginX = varied ? 12 + random.nextInt(40) : 20;
        int marginY = varied ? 10 + random.nextInt(30) : 16;
        double sin = Math.abs(Math.sin(angle));
        double cos = Math.abs(Math.cos(angle));
        int width = (int) Math.ceil(textW * cos + textH * sin) + 2 * marginX;
        int height = (int) Math.ceil(textW * sin + textH * cos) + 2 * marginY;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        Color background = inverse ? new Color(20 + random.nextInt(60), 20 + random.nextInt(60), 20 + random.nextInt(60))
                : varied ? new Color(190 + random.nextInt(66), 190 + random.nextInt(66), 190 + random.nextInt(66))
                : Color.WHITE;
        int kind = varied ? random.nextInt(3) : 0;
        if (kind == 1) {
            g.setPaint(new GradientPaint(0, 0, background, width, height, shade(background, inverse ? 50 : -50)));
            g.fillRect(0, 0, width, height);
        } else {
            g.setColor(background);
            g.fillRect(0, 0, width, height);
            if (kind == 2) {
                // texture: faint random strokes behind the text
                for (int i = 0; i < 30; i++) {
                    g.setColor(shade(background, (inverse ? 1 : -1) * (10 + random.nextInt(30))));
                    g.drawLine(random.nextInt(width), random.nextInt(height), random.nextInt(width),
                            random.nextInt(height));
                }
            }
        }
        Color ink = inverse ? new Color(220 + random.nextInt(36), 220 + random.nextInt(36), 200 + random.nextInt(56))
                : varied ? new Color(random.nextInt(70), random.nextInt(70), random.nextInt(90)) : Color.BLACK;
        g.setColor(ink);
        g.setFont(font);
        AffineTransform transform = new AffineTransform();
        transform.translate(width / 2.0, height / 2.0);
        transform.rotate(angle);
        g.setTransform(transform);
        g.drawString(text, -textW / 2f, -textH / 2f + metrics.getAscent());
        g.dispose();
        if (varied) {
            addNoise(image, random.nextDouble() * 14);
        }
        return image;
    }

    private void addNoise(BufferedImage image, double sigma) {
        if (sigma < 1) {
            return;
        }
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int noise = (int) Math.round(random.nextGaussian() * sigma);
                int r = clamp(((rgb >> 16) & 0xFF) + noise);
                int gr = clamp(((rgb >> 8) & 0xFF) + noise);
                int b = clamp((rgb & 0xFF) + noise);
                image.setRGB(x, y, r << 16 | gr << 8 | b);
            }
        }
    }

    private static Color shade(Color color, int delta) {
        return new Color(clamp(color.getRed() + delta), clamp(color.getGreen() + delta), clamp(color.getBlue() + delta));
    }

    private static int clamp(int value) {
        return Math.max(0, Math.min(255, value));
    }

    /** A rendered text: its ground truth, the image and how it was drawn. */
    public record Sample(String text, BufferedImage image, String font, int size, double rotationDegrees) {
    }
}
