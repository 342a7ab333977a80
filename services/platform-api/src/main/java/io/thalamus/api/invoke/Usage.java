package io.thalamus.api.invoke;

/** Resources one call consumed. */
public record Usage(long gpuMillis, double credits) {

    public static final Usage NONE = new Usage(0, 0);
}
