package io.thalamus.api.routing;

/** Hard limits a chosen expert must respect; null means no limit. */
public record Constraints(Double maxCredits, Integer maxLatencyMs, Double minQuality) {

    public static final Constraints NONE = new Constraints(null, null, null);
}
