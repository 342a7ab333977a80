package io.thalamus.router.openai;

import io.thalamus.api.task.ImageInput;

import java.util.Base64;
import java.util.Locale;

/** Reads {@code data:<media type>;base64,<data>} URLs, the way OpenAI clients send inline images. */
public final class DataUrl {

    private DataUrl() {
    }

    public static boolean isDataUrl(String url) {
        return url.regionMatches(true, 0, "data:", 0, 5);
    }

    /** The image in a data URL; a 400 naming {@code field} if it is not base64 data. */
    public static ImageInput decode(String url, String field) {
        int comma = url.indexOf(',');
        if (comma < 0) {
            throw OpenAiProblems.invalid(field, "is a data URL without data");
        }
        String header = url.substring(5, comma).toLowerCase(Locale.ROOT);
        if (!header.endsWith(";base64")) {
            throw OpenAiProblems.invalid(field, "must be a base64 data URL (data:image/png;base64,…)");
        }
        String mediaType = header.substring(0, header.length() - ";base64".length());
        try {
            byte[] data = Base64.getMimeDecoder().decode(url.substring(comma + 1));
            return new ImageInput(mediaType.isEmpty() ? null : mediaType, data);
        } catch (IllegalArgumentException e) {
            throw OpenAiProblems.invalid(field, "holds invalid base64: " + e.getMessage());
        }
    }
}
