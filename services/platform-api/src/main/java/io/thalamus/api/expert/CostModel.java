package io.thalamus.api.expert;

/** What one call costs: a fixed part per request plus a part per GPU-second used. */
public record CostModel(double creditsPerRequest, double creditsPerGpuSecond) {

    public double creditsFor(long gpuMillis) {
        return creditsPerRequest + creditsPerGpuSecond * gpuMillis / 1000.0;
    }
}
