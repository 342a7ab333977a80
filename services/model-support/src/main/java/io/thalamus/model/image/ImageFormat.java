package io.thalamus.model.image;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Image formats recognised by their leading bytes (magic numbers), never by what a caller declares. */
public enum ImageFormat {
    PNG("image/png", "PNG"),
    JPEG("image/jpeg", "JPEG"),
    WEBP("image/webp", "WebP"),
    GIF("image/gif", "GIF");

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] JPEG_SOI = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] GIF87 = "GIF87a".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GIF89 = "GIF89a".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RIFF = "RIFF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WEBP_TAG = "WEBP".getBytes(StandardCharsets.US_ASCII);

    private final String mediaType;
    private final String displayName;

    ImageFormat(String mediaType, String displayName) {
        this.mediaType = mediaType;
        this.displayName = displayName;
    }

    public String mediaType() {
        return mediaType;
    }

    public String displayName() {
        return displayName;
    }

    /** The format the bytes are in, judged by their signature; empty when they are in none of these. */
    public static Optional<ImageFormat> detect(byte[] data) {
        if (data == null) {
            return Optional.empty();
        }
        if (startsWith(data, 0, PNG_SIGNATURE)) {
            return Optional.of(PNG);
        }
        if (startsWith(data, 0, JPEG_SOI)) {
            return Optional.of(JPEG);
        }
        if (startsWith(data, 0, GIF87) || startsWith(data, 0, GIF89)) {
            return Optional.of(GIF);
        }
        if (startsWith(data, 0, RIFF) && startsWith(data, 8, WEBP_TAG)) {
            return Optional.of(WEBP);
        }
        return Optional.empty();
    }

    /** The format with this media type ({@code image/jpg} is taken as {@code image/jpeg}); empty if unknown. */
    public static Optional<ImageFormat> ofMediaType(String mediaType) {
        if (mediaType == null) {
            return Optional.empty();
        }
        String normalised = mediaType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (normalised.equals("image/jpg")) {
            normalised = JPEG.mediaType;
        }
        String wanted = normalised;
        return Arrays.stream(values()).filter(format -> format.mediaType.equals(wanted)).findFirst();
    }

    private static boolean startsWith(byte[] data, int offset, byte[] prefix) {
        if (data.length < offset + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
