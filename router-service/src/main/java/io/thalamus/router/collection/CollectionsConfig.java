package io.thalamus.router.collection;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Limits of the collection API the router offers tenants. */
@ConfigMapping(prefix = "thalamus.router.collections")
public interface CollectionsConfig {

    /** Largest JSON Lines upload, in bytes (the router's general request limit does not apply to uploads). */
    @WithDefault("33554432")
    long maxUploadBytes();

    /** How long the router waits for the collection host; a small upload is answered once indexed. */
    @WithDefault("60s")
    Duration timeout();
}
