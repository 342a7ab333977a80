package io.thalamus.router.task;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;

/** Explicit limits on what a request may carry and how long it may take. */
@ConfigMapping(prefix = "thalamus.router.limits")
public interface TaskLimits {

    /**
     * Largest request body, judged by its Content-Length before the body is read. Keep
     * {@code quarkus.http.limits.max-body-size} above it: that backstop answers without a problem body.
     */
    @WithDefault("12582912")
    long maxRequestBytes();

    @WithDefault("16384")
    int maxTextChars();

    /** Largest image, in decoded bytes (inline or fetched from a URL). */
    @WithDefault("8388608")
    int maxImageBytes();

    /** Largest image in pixels (width × height), read from the image header before anything decodes it. */
    @WithDefault("36000000")
    long maxImagePixels();

    /** Image media types accepted, each recognised by the image's content: any of png, jpeg, webp, gif. */
    @WithDefault("image/png,image/jpeg,image/webp,image/gif")
    List<String> imageMediaTypes();

    /** Deadline of a request that names none. */
    @WithDefault("30000")
    int defaultTimeoutMs();

    /** Longest deadline a request may ask for. */
    @WithDefault("120000")
    int maxTimeoutMs();
}
