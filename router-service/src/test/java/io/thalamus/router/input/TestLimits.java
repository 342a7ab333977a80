package io.thalamus.router.input;

import io.thalamus.router.task.TaskLimits;

import java.util.List;

/** Limits for unit tests, small enough to hit. */
public record TestLimits(long maxRequestBytes, int maxTextChars, int maxImageBytes, long maxImagePixels,
                         List<String> imageMediaTypes, int defaultTimeoutMs, int maxTimeoutMs) implements TaskLimits {

    public static TestLimits defaults() {
        return new TestLimits(1_000_000, 100, 200_000, 10_000, List.of("image/png", "image/jpeg", "image/webp", "image/gif"),
                30_000, 120_000);
    }

    public TestLimits withImageMediaTypes(List<String> types) {
        return new TestLimits(maxRequestBytes, maxTextChars, maxImageBytes, maxImagePixels, types, defaultTimeoutMs,
                maxTimeoutMs);
    }

    public TestLimits withMaxImageBytes(int bytes) {
        return new TestLimits(maxRequestBytes, maxTextChars, bytes, maxImagePixels, imageMediaTypes, defaultTimeoutMs,
                maxTimeoutMs);
    }
}
