package io.thalamus.registry.outbox.relay;

import java.util.List;

/**
 * What one round of publishing achieved.
 *
 * @param acknowledged positions the broker acknowledged
 * @param failure      the first failure, or null when every row was acknowledged
 */
public record PublishOutcome(List<Long> acknowledged, Throwable failure) {
}
