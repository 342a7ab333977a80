package io.thalamus.api.registry;

/** Live load an expert reports with each heartbeat. */
public record LoadReport(int inFlight, int queueDepth, double latencyP50Ms, double latencyP95Ms, double errorRate) {

    public static LoadReport idle() {
        return new LoadReport(0, 0, 0, 0, 0);
    }
}
