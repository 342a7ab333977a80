package io.thalamus.router.directory;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.net.URI;
import java.time.Duration;

/** Where the router learns about experts: the registry's snapshot, then its change-event topic. */
@ConfigMapping(prefix = "thalamus.router.registry")
public interface DirectoryConfig {

    /** Base URL of the expert registry (for the bootstrap snapshot). */
    URI url();

    @WithDefault("thalamus.registry.events")
    String topic();

    @WithName("http-timeout")
    @WithDefault("5s")
    Duration httpTimeout();
}
