package io.thalamus.router.input;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Whether callers may send images as http(s) URLs the router fetches, and how. Off by default: fetching a
 * caller's URL is a server-side request, refused for loopback, link-local, metadata and private addresses.
 * The size cap is {@code thalamus.router.limits.max-image-bytes}.
 */
@ConfigMapping(prefix = "thalamus.router.image-url")
public interface ImageUrlConfig {

    @WithDefault("false")
    boolean enabled();

    @WithDefault("2s")
    Duration connectTimeout();

    /** Longest the whole fetch may take, connection included. */
    @WithDefault("5s")
    Duration timeout();

    /** Host names and CIDR blocks fetched even when they are private or loopback (e.g. an internal image store). */
    Optional<List<String>> allowList();

    @WithDefault("false")
    boolean allowPrivateNetworks();
}
