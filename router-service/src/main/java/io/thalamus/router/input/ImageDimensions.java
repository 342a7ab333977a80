package io.thalamus.router.input;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;

/**
 * Width and height of an image, read from its header without decoding the pixels, so an image that claims
 * enormous dimensions (a decompression bomb) is refused before anything allocates memory for it.
 */
public record ImageDimensions(int width, int height) {

    public long pixels() {
        return (long) width * height;
    }

    /** Reads the dimensions of an image already identified as {@code format}; throws if the header is unreadable. */
    public static ImageDimensions read(ImageFormat format, byte[] data) throws IOException {
        ImageDimensions dimensions = format == ImageFormat.WEBP ? readWebp(data) : readWithImageIo(format, data);
        if (dimensions.width <= 0 || dimensions.height <= 0) {
            throw new IOException("the header gives no positive width and height");
        }
        return dimensions;
    }

    private static ImageDimensions readWithImageIo(ImageFormat format, byte[] data) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByMIMEType(format.mediaType());
        if (!readers.hasNext()) {
            throw new IOException("no reader for " + format.mediaType());
        }
        ImageReader reader = readers.next();
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
            reader.setInput(in, true, true);
            return new ImageDimensions(reader.getWidth(0), reader.getHeight(0));
        } catch (RuntimeException e) {
            throw new IOException("unreadable header", e);
        } finally {
            reader.dispose();
        }
    }

    /** WebP (RIFF container): the first chunk is VP8 (lossy), VP8L (lossless) or VP8X (extended). */
    private static ImageDimensions readWebp(byte[] data) throws IOException {
        if (data.length < 30) {
            throw new IOException("truncated WebP header");
        }
        String chunk = new String(data, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
        return switch (chunk) {
            case "VP8 " -> {
                if ((data[23] & 0xFF) != 0x9D || (data[24] & 0xFF) != 0x01 || (data[25] & 0xFF) != 0x2A) {
                    throw new IOException("bad VP8 start code");
                }
                yield new ImageDimensions(le16(data, 26) & 0x3FFF, le16(data, 28) & 0x3FFF);
            }
            case "VP8L" -> {
                if ((data[20] & 0xFF) != 0x2F) {
                    throw new IOException("bad VP8L signature");
                }
                long bits = le32(data, 21);
                yield new ImageDimensions((int) (bits & 0x3FFF) + 1, (int) ((bits >> 14) & 0x3FFF) + 1);
            }
            case "VP8X" -> new ImageDimensions(le24(data, 24) + 1, le24(data, 27) + 1);
            default -> throw new IOException("unknown WebP chunk '" + chunk + "'");
        };
    }

    private static int le16(byte[] data, int offset) {
        return (data[offset] & 0xFF) | (data[offset + 1] & 0xFF) << 8;
    }

    private static int le24(byte[] data, int offset) {
        return le16(data, offset) | (data[offset + 2] & 0xFF) << 16;
    }

    private static long le32(byte[] data, int offset) {
        return le24(data, offset) | (long) (data[offset + 3] & 0xFF) << 24;
    }
}
