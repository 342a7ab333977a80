package io.thalamus.model.image;

import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;
import io.thalamus.api.problem.FieldError;
import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;
import io.thalamus.api.task.ImageInput;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Turns untrusted image bytes into upright RGB pixels, or into a problem+json error naming what is wrong.
 *
 * <p>In order: the encoded size; the format, judged by the content's magic bytes (a declared media type must
 * agree, and the format must be accepted); width and height read from the header, checked against the pixel and
 * side limits before any pixel is decoded (so a decompression bomb costs nothing); then decoding, where a corrupt
 * or truncated image is refused; finally the EXIF orientation of a JPEG is applied. Thread-safe.
 */
public final class ImageDecoder {

    /** Field named in errors when the caller names none: the image bytes of a task input. */
    public static final String DEFAULT_FIELD = "input.image";

    private final ImageLimits limits;

    public ImageDecoder(ImageLimits limits) {
        this.limits = limits;
    }

    public ImageLimits limits() {
        return limits;
    }

    /** Decodes a base64 string (line breaks and blanks ignored) into bytes, or a 400 problem. */
    public static byte[] decodeBase64(String base64, String field) {
        if (base64 == null || base64.isBlank()) {
            throw invalid(ProblemType.INVALID_IMAGE, field + ".base64", "is empty: send the image bytes, base64-encoded");
        }
        try {
            return Base64.getDecoder().decode(stripBlanks(base64));
        } catch (IllegalArgumentException e) {
            throw invalid(ProblemType.INVALID_IMAGE, field + ".base64", "is not valid base64: " + e.getMessage());
        }
    }

    public DecodedImage decode(ImageInput image) {
        return decode(image, DEFAULT_FIELD);
    }

    public DecodedImage decode(ImageInput image, String field) {
        if (image == null) {
            throw invalid(ProblemType.INVALID_REQUEST, field, "is required");
        }
        return decode(image.data(), image.mediaType(), field);
    }

    /** Checks everything but the pixels: size, format, declared type, dimensions. */
    public ImageHeader inspect(byte[] data, String declaredMediaType, String field) {
        ImageFormat format = checkFormat(data, declaredMediaType, field);
        return withReader(format, data, field, reader -> readHeader(reader, format, data, field));
    }

    /** Everything {@link #inspect} checks, then the pixels, upright. */
    public DecodedImage decode(byte[] data, String declaredMediaType, String field) {
        ImageFormat format = checkFormat(data, declaredMediaType, field);
        return withReader(format, data, field, reader -> {
            ImageHeader header = readHeader(reader, format, data, field);
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((IIOReadWarningListener) (source, warning) -> warnings.add(warning));
            BufferedImage raw = reader.read(0);
            for (String warning : warnings) {
                // the JDK's JPEG reader fills the missing rows of a truncated file with grey and only warns
                if (warning.toLowerCase(Locale.ROOT).contains("premature end")) {
                    throw new IOException(warning);
                }
            }
            if (raw == null || raw.getWidth() != header.width() || raw.getHeight() != header.height()) {
                throw new IOException("the decoded size differs from the header's");
            }
            return new DecodedImage(ExifOrientation.apply(toRgb(raw), header.orientation()), header);
        });
    }

    private ImageFormat checkFormat(byte[] data, String declaredMediaType, String field) {
        String bytesField = field + ".base64";
        if (data == null || data.length == 0) {
            throw invalid(ProblemType.INVALID_IMAGE, bytesField, "is empty: send the image bytes, base64-encoded");
        }
        if (data.length > limits.maxBytes()) {
            throw invalid(ProblemType.PAYLOAD_TOO_LARGE, bytesField, "has " + data.length + " bytes, the limit is "
                    + limits.maxBytes());
        }
        ImageFormat format = ImageFormat.detect(data).orElseThrow(() -> invalid(ProblemType.UNSUPPORTED_MEDIA,
                bytesField, "is not a " + knownNames() + " image, judged by its content (it starts with "
                        + leadingBytes(data) + ")"));
        if (!limits.formats().contains(format)) {
            throw invalid(ProblemType.UNSUPPORTED_MEDIA, bytesField, "is " + format.mediaType()
                    + ", which is not accepted here; accepted: " + acceptedNames());
        }
        if (declaredMediaType != null && !declaredMediaType.isBlank()
                && ImageFormat.ofMediaType(declaredMediaType).orElse(null) != format) {
            throw invalid(ProblemType.INVALID_REQUEST, field + ".mediaType", "declares " + declaredMediaType
                    + " but the content is " + format.mediaType());
        }
        return format;
    }

    private ImageHeader readHeader(ImageReader reader, ImageFormat format, byte[] data, String field)
            throws IOException {
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (width <= 0 || height <= 0) {
            throw new IOException("the header gives no positive width and height");
        }
        String bytesField = field + ".base64";
        long pixels = (long) width * height;
        if (pixels > limits.maxPixels()) {
            throw invalid(ProblemType.PAYLOAD_TOO_LARGE, bytesField, "is " + width + "×" + height + " = " + pixels
                    + " pixels, the limit is " + limits.maxPixels());
        }
        if (Math.max(width, height) > limits.maxSide()) {
            throw invalid(ProblemType.PAYLOAD_TOO_LARGE, bytesField, "is " + width + "×" + height
                    + " pixels, the longest side allowed is " + limits.maxSide());
        }
        int orientation = format == ImageFormat.JPEG ? ExifOrientation.read(data) : ExifOrientation.UPRIGHT;
        return new ImageHeader(format, width, height, orientation);
    }

    private <T> T withReader(ImageFormat format, byte[] data, String field, ReaderWork<T> work) {
        ImageReader reader = newReader(format);
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
            reader.setInput(in, true, true);
            return work.apply(reader);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ProblemException problem) {
                throw problem;
            }
            throw invalid(ProblemType.INVALID_IMAGE, field + ".base64", "is not a readable "
                    + format.mediaType() + " image (corrupt or truncated): " + describe(e));
        } catch (OutOfMemoryError e) {
            throw invalid(ProblemType.PAYLOAD_TOO_LARGE, field + ".base64",
                    "needs more memory to decode than this service has");
        } finally {
            reader.dispose();
        }
    }

    private static ImageReader newReader(ImageFormat format) {
        if (format == ImageFormat.WEBP) {
            // created directly: ImageIO's plugin registry may not see the plugin from an application class loader
            return new WebPImageReaderSpi().createReaderInstance(null);
        }
        Iterator<ImageReader> readers = ImageIO.getImageReadersByMIMEType(format.mediaType());
        if (!readers.hasNext()) {
            throw new IllegalStateException("no ImageIO reader for " + format.mediaType());
        }
        return readers.next();
    }

    /** Composites onto white (transparent pixels become background) in plain RGB. */
    private static BufferedImage toRgb(BufferedImage raw) {
        if (raw.getType() == BufferedImage.TYPE_INT_RGB) {
            return raw;
        }
        BufferedImage rgb = new BufferedImage(raw.getWidth(), raw.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, raw.getWidth(), raw.getHeight());
            g.drawImage(raw, 0, 0, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }

    private String acceptedNames() {
        return limits.formats().stream().sorted().map(ImageFormat::displayName).collect(Collectors.joining(", "));
    }

    /** "PNG, JPEG, WebP or GIF": every format this decoder recognises. */
    private static String knownNames() {
        List<String> names = java.util.Arrays.stream(ImageFormat.values()).map(ImageFormat::displayName).toList();
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    private static String leadingBytes(byte[] data) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(8, data.length); i++) {
            hex.append(i == 0 ? "" : " ").append(String.format("%02x", data[i] & 0xFF));
        }
        return hex.toString();
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static String stripBlanks(String text) {
        return text.replaceAll("\\s+", "");
    }

    private static ProblemException invalid(ProblemType type, String field, String message) {
        String detail = "'" + field + "' " + message;
        return new ProblemException(new Problem(type.uri(), type.title(), type.status(), detail, null,
                List.of(new FieldError(field, message))));
    }

    @FunctionalInterface
    private interface ReaderWork<T> {
        T apply(ImageReader reader) throws IOException;
    }
}
