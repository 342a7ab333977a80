package io.thalamus.retrieval.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a long text into overlapping chunks of at most {@code maxChars} characters, cutting after a sentence end
 * where one is near the limit, otherwise at a space, so that every part of a long document is embedded (encoders
 * read only their first 256–512 tokens). A text within the limit is one chunk.
 */
public final class TextChunker {

    private final int maxChars;
    private final int overlapChars;

    public TextChunker(int maxChars, int overlapChars) {
        if (maxChars < 1 || overlapChars < 0 || overlapChars >= maxChars / 2) {
            throw new IllegalArgumentException("chunks need maxChars >= 1 and 0 <= overlapChars < maxChars / 2, got "
                    + maxChars + " and " + overlapChars);
        }
        this.maxChars = maxChars;
        this.overlapChars = overlapChars;
    }

    public List<String> chunks(String text) {
        if (text.length() <= maxChars) {
            return List.of(text);
        }
        List<String> chunks = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = Math.min(text.length(), start + maxChars);
            if (end < text.length()) {
                end = cutPoint(text, start, end);
            }
            String chunk = text.substring(start, end).strip();
            if (!chunk.isEmpty()) {
                chunks.add(chunk);
            }
            if (end == text.length()) {
                break;
            }
            start = nextStart(text, start, end);
        }
        return chunks;
    }

    /** After the last sentence end in the second half of the window, else after the last space, else at the limit. */
    private int cutPoint(String text, int start, int limit) {
        int half = start + maxChars / 2;
        for (int i = limit - 1; i > half; i--) {
            char c = text.charAt(i - 1);
            if ((c == '.' || c == '!' || c == '?' || c == '\n') && Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        for (int i = limit; i > half; i--) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return limit;
    }

    /** The next chunk repeats about {@code overlapChars} before the cut, starting at a word. */
    private int nextStart(String text, int start, int end) {
        int next = Math.max(start + 1, end - overlapChars);
        while (next < end && !Character.isWhitespace(text.charAt(next - 1))) {
            next++;
        }
        return next;
    }
}
