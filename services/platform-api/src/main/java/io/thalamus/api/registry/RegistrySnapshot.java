package io.thalamus.api.registry;

import java.util.List;

/**
 * Every live registration at one point of the change log.
 *
 * @param position the highest outbox position included; follow the event topic from there
 */
public record RegistrySnapshot(long position, List<RegisteredExpert> experts) {
}
