package io.thalamus.api.registry;

/** Renews an expert's lease and reports its load. */
public record Heartbeat(LoadReport load) {
}
