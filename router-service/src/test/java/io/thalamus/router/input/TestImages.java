package io.thalamus.router.input;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Real images made with ImageIO, and WebP headers built by hand (the JDK writes no WebP). */
public final class TestImages {

    private TestImages() {
    }

    public static byte[] png(int width, int height) {
        return write("png", width, height);
    }

    public static byte[] jpeg(int width, int height) {
        return write("jpeg", width, height);
    }

    public static byte[] gif(int width, int height) {
        return write("gif", width, height);
    }

    /** A lossless WebP header (RIFF, VP8L chunk) announcing the given size. */
    public static byte[] webpLossless(int width, int height) {
        ByteBuffer buffer = riff("VP8L", 5);
        buffer.put((byte) 0x2F);
        buffer.putInt((width - 1) | (height - 1) << 14);
        return buffer.array();
    }

    /** An extended WebP header (RIFF, VP8X chunk) announcing the given canvas size. */
    public static byte[] webpExtended(int width, int height) {
        ByteBuffer buffer = riff("VP8X", 10);
        buffer.putInt(0);
        putLe24(buffer, width - 1);
        putLe24(buffer, height - 1);
        return buffer.array();
    }

    private static ByteBuffer riff(String chunk, int chunkSize) {
        ByteBuffer buffer = ByteBuffer.allocate(20 + chunkSize + 10).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put("RIFF".getBytes(StandardCharsets.US_ASCII));
        buffer.putInt(buffer.capacity() - 8);
        buffer.put("WEBP".getBytes(StandardCharsets.US_ASCII));
        buffer.put(chunk.getBytes(StandardCharsets.US_ASCII));
        buffer.putInt(chunkSize);
        return buffer;
    }

    private static void putLe24(ByteBuffer buffer, int value) {
        buffer.put((byte) value).put((byte) (value >> 8)).put((byte) (value >> 16));
    }

    private static byte[] write(String format, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0xFF0000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
