package io.thalamus.api.expert;

import java.util.Map;

/** Where an expert runs. */
public record NodeInfo(String gpuModel, Integer gpuMemoryMb, String zone, Map<String, String> labels) {

    public NodeInfo {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
