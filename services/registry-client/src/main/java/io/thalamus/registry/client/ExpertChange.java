package io.thalamus.registry.client;

import io.thalamus.api.registry.RegisteredExpert;

/**
 * One change the {@link RoutingTable} applied.
 *
 * @param expertId    the expert that changed
 * @param previous    what the table held before, or null when the expert was new to it
 * @param current     what it holds now, or null when the expert was removed
 * @param traceParent W3C {@code traceparent} of the change's publication when it came from the topic, else null
 */
public record ExpertChange(String expertId, RegisteredExpert previous, RegisteredExpert current, String traceParent) {

    public boolean removed() {
        return current == null;
    }
}
